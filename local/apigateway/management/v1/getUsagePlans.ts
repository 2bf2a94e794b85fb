import { defineRead } from '../context';
import { page } from '../pagination';
import { usagePlanOutput } from './shapes';

/** `GET /usageplans` (optionally those a key belongs to). */
export const getUsagePlans = defineRead('v1', 'GetUsagePlans', ({ models, query }) => {
  const keyId = query.get('keyId');
  const plans = [...models.usagePlans.plans.values()].filter((plan) => keyId === null || plan.keyIds.has(keyId));
  const { items, next } = page(plans, query, 'v1');
  return { item: items.map(usagePlanOutput), position: next };
});
