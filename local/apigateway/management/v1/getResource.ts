import { ManagementError } from '../../errors';
import { defineRead } from '../context';
import { resourceOutput, restApiOf } from './shapes';

/** `GET /restapis/{restApiId}/resources/{resourceId}`. */
export const getResource = defineRead('v1', 'GetResource', ({ models, params, query }) => {
  const resource = restApiOf(models, params.restApiId).resources.get(params.resourceId);
  if (!resource) throw ManagementError.notFound('Invalid Resource identifier specified');
  return resourceOutput(resource, query.getAll('embed').includes('methods'));
});
