import { defineRead } from '../context';
import { page } from '../pagination';
import { authorizerOutput, restApiOf } from './shapes';

/** `GET /restapis/{restApiId}/authorizers`. */
export const getAuthorizers = defineRead('v1', 'GetAuthorizers', ({ models, params, query }) => {
  const { items, next } = page([...restApiOf(models, params.restApiId).authorizers.values()], query, 'v1');
  return { item: items.map(authorizerOutput), position: next };
});
