import { runAction, validateRequest } from '../engine/dynalite';
import type { Operation } from './context';

/** UntagResource: dynalite's. */
export const untagResource: Operation = async (input, context) => {
  const data = validateRequest('UntagResource', input, context.database.store);
  context.authorize('dynamodb:UntagResource', String(data.ResourceArn));
  return runAction('UntagResource', context.database.store, data);
};
