import { defineRead } from '../context';
import { page } from '../pagination';
import { httpApiOf, stageOutput } from './shapes';

/** `GET /v2/apis/{ApiId}/stages`. */
export const getStages = defineRead('v2', 'GetStages', ({ models, params, query }) => {
  const api = httpApiOf(models, params.ApiId);
  const { items, next } = page([...api.stages.values()], query, 'v2');
  return { items: items.map((stage) => stageOutput(stage, api)), nextToken: next };
});
