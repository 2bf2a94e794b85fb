import { ManagementError } from '../../errors';
import { defineRead } from '../context';
import { httpApiOf, routeOutput } from './shapes';

/** `GET /v2/apis/{ApiId}/routes/{RouteId}`. */
export const getRoute = defineRead('v2', 'GetRoute', ({ models, params }) => {
  const route = httpApiOf(models, params.ApiId).routes.find((candidate) => candidate.id === params.RouteId);
  if (!route) throw ManagementError.notFound(`Invalid Route identifier specified ${params.RouteId}`);
  return routeOutput(route);
});
