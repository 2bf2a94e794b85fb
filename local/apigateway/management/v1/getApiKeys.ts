import { defineRead } from '../context';
import { page } from '../pagination';
import { apiKeyOutput } from './shapes';

/** `GET /apikeys` — values only with `includeValues=true`, as AWS answers. */
export const getApiKeys = defineRead('v1', 'GetApiKeys', ({ models, query }) => {
  const nameQuery = query.get('name');
  const keys = [...models.usagePlans.keys.values()].filter((key) => nameQuery === null || key.name.startsWith(nameQuery));
  const { items, next } = page(keys, query, 'v1');
  return { item: items.map((key) => apiKeyOutput(key, query.get('includeValues') === 'true', models)), position: next };
});
