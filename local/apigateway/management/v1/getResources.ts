import { defineRead } from '../context';
import { page } from '../pagination';
import { resourceOutput, restApiOf } from './shapes';

/** `GET /restapis/{restApiId}/resources` — the resource tree, with methods when `embed=methods`. */
export const getResources = defineRead('v1', 'GetResources', ({ models, params, query }) => {
  const api = restApiOf(models, params.restApiId);
  const embed = query.getAll('embed').includes('methods');
  const { items, next } = page([...api.resources.values()].sort((a, b) => a.path.localeCompare(b.path)), query, 'v1');
  return { item: items.map((resource) => resourceOutput(resource, embed)), position: next };
});
