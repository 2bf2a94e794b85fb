import { ManagementError } from '../../errors';
import { defineRead } from '../context';
import { restApiOf, stageOutput } from './shapes';

/** `GET /restapis/{restApiId}/stages/{stageName}`. */
export const getStage = defineRead('v1', 'GetStage', ({ models, params }) => {
  const api = restApiOf(models, params.restApiId);
  const stage = api.stages.get(params.stageName);
  if (!stage) throw ManagementError.notFound('Invalid Stage identifier specified');
  return stageOutput(stage, api);
});
