import { TemplateRuntimeError, type ExtensionEffects } from '../runtime/types';
import { isMap, requireString, toPlain, describe } from './values';

/**
 * `$extensions` / `extensions`: what a handler asks AppSync to do beyond its
 * result — subscription filters, subscription invalidation — recorded as
 * `ExtensionEffects` for the engine's real-time part to apply.
 */
export interface Extensions {
  setSubscriptionFilter(filter: unknown): void;
  setSubscriptionInvalidationFilter(filter: unknown): void;
  invalidateSubscriptions(invalidation: unknown): void;
  evictFromApiCache(typeName: unknown, fieldName: unknown, keys: unknown): void;
}

/** AppSync allows at most this many `invalidateSubscriptions` calls in one request. */
const MAX_INVALIDATIONS = 5;

function filterObject(name: string, filter: unknown): Record<string, unknown> {
  if (!isMap(filter) || !Array.isArray(filter.filterGroup)) {
    throw new TemplateRuntimeError(`${name} needs a filter object { filterGroup: [...] } (from util.transform.toSubscriptionFilter), got ${describe(filter)}`);
  }
  return toPlain(filter) as Record<string, unknown>;
}

/**
 * The extensions object of one evaluation, writing into `effects`.
 * @example
 * const effects: ExtensionEffects = {};
 * createExtensions(effects).setSubscriptionFilter(toSubscriptionFilter({ id: { eq: '1' } }));
 */
export function createExtensions(effects: ExtensionEffects, prefix = '$extensions'): Extensions {
  return {
    setSubscriptionFilter(filter) {
      (effects.subscriptionFilters ??= []).push(filterObject(`${prefix}.setSubscriptionFilter`, filter));
    },
    setSubscriptionInvalidationFilter(filter) {
      (effects.invalidationFilters ??= []).push(filterObject(`${prefix}.setSubscriptionInvalidationFilter`, filter));
    },
    invalidateSubscriptions(invalidation) {
      const name = `${prefix}.invalidateSubscriptions`;
      if (!isMap(invalidation)) throw new TemplateRuntimeError(`${name} needs { subscriptionField, payload }, got ${describe(invalidation)}`);
      const subscriptionField = requireString(name, invalidation.subscriptionField);
      const payload = invalidation.payload;
      if (!isMap(payload)) throw new TemplateRuntimeError(`${name}: payload must be a Map, got ${describe(payload)}`);
      const list = (effects.invalidations ??= []);
      if (list.length >= MAX_INVALIDATIONS) throw new TemplateRuntimeError(`${name} can be called at most ${MAX_INVALIDATIONS} times in one request`);
      list.push({ subscriptionField, payload: toPlain(payload) as Record<string, unknown> });
    },
    evictFromApiCache(typeName, fieldName) {
      // The local AppSync keeps no server-side cache, so there is never a stale entry to evict.
      requireString(`${prefix}.evictFromApiCache`, typeName, 1);
      requireString(`${prefix}.evictFromApiCache`, fieldName, 2);
    },
  };
}
