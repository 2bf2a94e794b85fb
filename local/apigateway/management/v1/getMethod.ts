import { ManagementError } from '../../errors';
import { defineRead } from '../context';
import { methodOutput, restApiOf } from './shapes';

/** `GET /restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}`. */
export const getMethod = defineRead('v1', 'GetMethod', ({ models, params }) => {
  const resource = restApiOf(models, params.restApiId).resources.get(params.resourceId);
  if (!resource) throw ManagementError.notFound('Invalid Resource identifier specified');
  const method = resource.methods.get(params.httpMethod.toUpperCase());
  if (!method) throw ManagementError.notFound('Invalid Method identifier specified');
  return methodOutput(method);
});
