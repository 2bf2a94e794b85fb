import { runAction, validateRequest } from '../engine/dynalite';
import type { Operation } from './context';

/** ListTagsOfResource: dynalite's. */
export const listTagsOfResource: Operation = async (input, context) => {
  const data = validateRequest('ListTagsOfResource', input, context.database.store);
  context.authorize('dynamodb:ListTagsOfResource', String(data.ResourceArn));
  return runAction('ListTagsOfResource', context.database.store, data);
};
