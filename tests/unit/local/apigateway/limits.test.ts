import { describe, expect, it } from 'vitest';
import { AuthorizerCache } from '../../../../local/apigateway/invoke/authorizer-cache';
import { TokenBuckets } from '../../../../local/apigateway/invoke/throttle';

/**
 * API Gateway's throttling (a token bucket per limit: `burstLimit` requests at once, refilled at
 * `rateLimit` a second) and its Lambda authorizer cache (an answer reused for the TTL), on a
 * clock the tests move.
 */
describe('API Gateway throttling and authorizer caching', () => {
  it('admits a burst, throttles the next request, and refills at the rate', () => {
    // Prepare
    let now = 1_000_000;
    const buckets = new TokenBuckets(() => now);
    const limit = { rateLimit: 2, burstLimit: 3 };

    // Act
    const burst = [1, 2, 3, 4].map(() => buckets.take('api/stage/GET /items', limit));
    now += 500; // half a second: one token back
    const afterHalfSecond = [buckets.take('api/stage/GET /items', limit), buckets.take('api/stage/GET /items', limit)];
    const otherRoute = buckets.take('api/stage/POST /items', limit);

    // Assert
    expect(burst).toEqual([true, true, true, false]);
    expect(afterHalfSecond).toEqual([true, false]);
    expect(otherRoute).toBe(true);
  });

  it('never holds more than the burst, however long it was idle', () => {
    // Prepare
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    const limit = { rateLimit: 100, burstLimit: 2 };
    buckets.take('k', limit);

    // Act
    now += 60_000;
    const taken = [1, 2, 3].map(() => buckets.take('k', limit));

    // Assert
    expect(taken).toEqual([true, true, false]);
  });

  it('keeps an authorizer answer for its TTL and not after; a TTL of 0 keeps nothing', () => {
    // Prepare
    let now = 0;
    const cache = new AuthorizerCache<string>(() => now);
    cache.set('a', 'allow', 300);
    cache.set('b', 'allow', 0);

    // Act
    now += 299_999;
    const within = cache.get('a');
    now += 1;
    const after = cache.get('a');

    // Assert
    expect(within).toBe('allow');
    expect(after).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
  });
});
