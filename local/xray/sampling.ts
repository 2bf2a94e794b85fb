import type { SamplingRule } from '@aws-sdk/client-xray';
import { LOCAL_ACCOUNT } from '../assembly';

/**
 * X-Ray's default sampling rule, as the developer guide documents it: the first request each
 * second (the reservoir), and five percent of any further requests (the fixed rate), for every
 * service, host, method and path, at the lowest priority. The local X-Ray has only this rule.
 */
export const DEFAULT_SAMPLING_RULE = {
  RuleName: 'Default',
  RuleARN: `arn:aws:xray:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:sampling-rule/Default`,
  ResourceARN: '*',
  Priority: 10000,
  FixedRate: 0.05,
  ReservoirSize: 1,
  ServiceName: '*',
  ServiceType: '*',
  Host: '*',
  HTTPMethod: '*',
  URLPath: '*',
  Version: 1,
  Attributes: {},
} as const satisfies SamplingRule;

/** How long a reservoir quota handed out by GetSamplingTargets lasts, and how often clients report (seconds), as the daemon uses them. */
export const SAMPLING_TARGET_SECONDS = { quotaTtl: 10, interval: 10 } as const;

/**
 * The default rule applied to the requests the local cloud itself receives without a decision:
 * one a second from the reservoir, then a fixed-rate draw.
 * @example
 * const sampler = new Sampler(); sampler.sample(); // true for the first request of a second
 */
export class Sampler {
  private second = -1;
  private taken = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  sample(): boolean {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.taken = 0;
    }
    if (this.taken < DEFAULT_SAMPLING_RULE.ReservoirSize) {
      this.taken++;
      return true;
    }
    return this.random() < DEFAULT_SAMPLING_RULE.FixedRate;
  }
}
