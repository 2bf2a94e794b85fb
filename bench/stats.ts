/** Small helpers every benchmark uses to report figures the same way. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
    max: sorted[sorted.length - 1],
  };
}

/** Times `fn` `n` times (after `warmup` runs) and returns per-call milliseconds. */
export async function sample(n: number, fn: (i: number) => Promise<unknown>, warmup = Math.min(50, n)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    out.push(performance.now() - start);
  }
  return out;
}

/** One line: `label  p50 1.23 ms  p95 …  (target …)`. */
export function report(label: string, samples: readonly number[], target?: string): void {
  const s = summarize(samples);
  const f = (v: number) => `${v.toFixed(2)} ms`;
  console.log(`${label.padEnd(44)} p50 ${f(s.p50).padStart(10)}  p95 ${f(s.p95).padStart(10)}  p99 ${f(s.p99).padStart(10)}  n=${s.n}${target ? `  (target ${target})` : ''}`);
}
