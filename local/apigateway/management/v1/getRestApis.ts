import { defineRead } from '../context';
import { page } from '../pagination';
import { restApiOutput } from './shapes';

/** `GET /restapis` — the REST APIs of the assembly. */
export const getRestApis = defineRead('v1', 'GetRestApis', ({ models, query }) => {
  const { items, next } = page(models.restApis, query, 'v1');
  return { item: items.map(restApiOutput), position: next };
});
