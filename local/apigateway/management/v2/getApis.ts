import { defineRead } from '../context';
import { page } from '../pagination';
import { apiOutput } from './shapes';

/** `GET /v2/apis` — the HTTP APIs of the assembly. */
export const getApis = defineRead('v2', 'GetApis', ({ models, query }) => {
  const { items, next } = page(models.httpApis, query, 'v2');
  return { items: items.map(apiOutput), nextToken: next };
});
