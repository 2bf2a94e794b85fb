import { defineRead } from '../context';
import { page } from '../pagination';
import { authorizerOutput, httpApiOf } from './shapes';

/** `GET /v2/apis/{ApiId}/authorizers`. */
export const getAuthorizers = defineRead('v2', 'GetAuthorizers', ({ models, params, query }) => {
  const { items, next } = page([...httpApiOf(models, params.ApiId).authorizers.values()], query, 'v2');
  return { items: items.map(authorizerOutput), nextToken: next };
});
