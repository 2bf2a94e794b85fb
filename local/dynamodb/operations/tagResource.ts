import { runAction, validateRequest } from '../engine/dynalite';
import type { Operation } from './context';

/** TagResource: dynalite's. */
export const tagResource: Operation = async (input, context) => {
  const data = validateRequest('TagResource', input, context.database.store);
  context.authorize('dynamodb:TagResource', String(data.ResourceArn));
  return runAction('TagResource', context.database.store, data);
};
