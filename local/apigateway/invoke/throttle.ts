/**
 * API Gateway's throttling: a token bucket per limit ("Throttle API requests for better
 * throughput"): the bucket holds `burstLimit` requests and refills at `rateLimit` per second; a
 * request that finds it empty is throttled (429).
 */
import type { ThrottleSettings } from '../model';

/** Buckets kept before the least recently created are dropped (each is a few numbers). */
const MAX_BUCKETS = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes a token from the bucket `key` under `limit`; false when there is none (throttled). */
  take(key: string, limit: ThrottleSettings): boolean {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
      bucket = { tokens: limit.burstLimit, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(limit.burstLimit, bucket.tokens + ((now - bucket.at) / 1000) * limit.rateLimit);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
