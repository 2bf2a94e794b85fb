import { defineRead } from '../context';
import { page } from '../pagination';
import { httpApiOf, integrationOutput } from './shapes';

/** `GET /v2/apis/{ApiId}/integrations`. */
export const getIntegrations = defineRead('v2', 'GetIntegrations', ({ models, params, query }) => {
  const { items, next } = page([...httpApiOf(models, params.ApiId).integrations.values()], query, 'v2');
  return { items: items.map(integrationOutput), nextToken: next };
});
