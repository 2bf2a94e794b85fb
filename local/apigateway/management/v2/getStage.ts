import { ManagementError } from '../../errors';
import { defineRead } from '../context';
import { httpApiOf, stageOutput } from './shapes';

/** `GET /v2/apis/{ApiId}/stages/{StageName}`. */
export const getStage = defineRead('v2', 'GetStage', ({ models, params }) => {
  const api = httpApiOf(models, params.ApiId);
  const stage = api.stages.get(params.StageName);
  if (!stage) throw ManagementError.notFound(`Invalid stage identifier specified`);
  return stageOutput(stage, api);
});
