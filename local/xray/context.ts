import type { RestJsonCall } from '../edge';
import type { Sampler } from './sampling';
import type { TraceStore } from './trace-store';

/** What the X-Ray operations are handed: the traces, the sampler, and the caller's IAM check. */
export interface XrayApi {
  store: TraceStore;
  sampler: Sampler;
  now(): number;
  /** Checks `xray:<action>` on `*` (X-Ray's actions take no resource ARNs but groups and rules) for the caller; throws AccessDeniedException. */
  authorize(call: RestJsonCall, action: string): void;
}

export type XrayOperation = (api: XrayApi) => import('../edge').RestJsonOperation;
