import { defineRead } from '../context';
import { page } from '../pagination';
import { httpApiOf, routeOutput } from './shapes';

/** `GET /v2/apis/{ApiId}/routes`. */
export const getRoutes = defineRead('v2', 'GetRoutes', ({ models, params, query }) => {
  const { items, next } = page(httpApiOf(models, params.ApiId).routes, query, 'v2');
  return { items: items.map(routeOutput), nextToken: next };
});
