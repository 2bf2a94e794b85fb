import { defineRead } from '../context';
import { restApiOf, stageOutput } from './shapes';

/** `GET /restapis/{restApiId}/stages` (optionally of one deployment). */
export const getStages = defineRead('v1', 'GetStages', ({ models, params, query }) => {
  const api = restApiOf(models, params.restApiId);
  const deploymentId = query.get('deploymentId');
  const stages = [...api.stages.values()].filter((stage) => deploymentId === null || stage.deploymentId === deploymentId);
  return { item: stages.map((stage) => stageOutput(stage, api)) };
});
