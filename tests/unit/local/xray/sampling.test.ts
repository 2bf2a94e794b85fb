import { describe, expect, it } from 'vitest';
import { Sampler } from '../../../../local/xray';

/** The default rule as X-Ray documents it: the first request each second (reservoir 1), then 5 % of the rest. */
describe('the default sampling rule', () => {
  it('samples the first request of each second, then draws at the fixed rate of 5 %', () => {
    let now = 1_000_000;
    const draws = [0.5, 0.049, 0.05, 0.01];
    const sampler = new Sampler(() => now, () => draws.shift()!);
    expect(sampler.sample()).toBe(true); // the reservoir
    expect(sampler.sample()).toBe(false); // 0.5 ≥ 0.05
    expect(sampler.sample()).toBe(true); // 0.049 < 0.05
    expect(sampler.sample()).toBe(false); // 0.05 is not below the rate
    now += 1000;
    expect(sampler.sample()).toBe(true); // a new second, a new reservoir
    expect(draws).toEqual([0.01]); // the reservoir took no draw
  });
});
