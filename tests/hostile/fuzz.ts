/**
 * Deterministic fuzzing for the hostile-input suite: a seeded generator (the same inputs on
 * every run, so a failure reproduces), mutations of valid requests, and the checks every
 * case ends with. Each surface's test file counts its cases in a `Tally`, printed at the end.
 */

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Values that break parsers and the code after them. */
const NASTY_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\uffff', '\ud800', '🔥'.repeat(50), '../../../etc/passwd', '%00', '%', '%zz', '${jndi:ldap://x}', '<x>', ']]>', '"', '\\', "'; DROP TABLE x; --",
  '{{7*7}}', '$util.error("x")', '#set($x = 1)', 'x'.repeat(70_000), '\r\n\r\nX-Injected: 1', 'NaN', '-0', '1e309', 'true', 'null', '__proto__', 'constructor', 'toString',
] as const;

const NASTY_VALUES: readonly unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, [], {}, [null], [[[[]]]], { toString: 1 }, { valueOf: 'x' }, { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } },
  ...NASTY_STRINGS,
];

export function nastyString(rng: Rng): string {
  return rng.pick(NASTY_STRINGS);
}

export function nastyValue(rng: Rng): unknown {
  return rng.pick(NASTY_VALUES);
}

/** A JSON value nested `depth` levels (objects and arrays), built without recursion. */
export function deepValue(depth: number, rng: Rng): unknown {
  let value: unknown = nastyValue(rng);
  for (let i = 0; i < depth; i++) value = rng.chance(0.5) ? [value] : { [rng.pick(['a', 'M', 'L', 'S', 'x'])]: value };
  return value;
}

/**
 * One mutation of a JSON value: a member replaced by a nasty value, removed, duplicated
 * deeper, renamed, or the type of the whole changed. The input is not modified.
 */
export function mutateJson(value: unknown, rng: Rng): unknown {
  const copy = structuredClone(value) as unknown;
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (node && typeof node === 'object') for (const [key, inner] of Object.entries(node)) walk(inner, [...path, Array.isArray(node) && /^\d+$/.test(key) ? Number(key) : key]);
  };
  walk(copy, []);
  const path = rng.pick(paths);
  if (path.length === 0) return rng.chance(0.5) ? nastyValue(rng) : deepValue(rng.int(40), rng);
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, copy as Record<string | number, unknown>);
  const key = path[path.length - 1];
  switch (rng.int(5)) {
    case 0:
      delete parent[key];
      break;
    case 1:
      parent[key] = deepValue(rng.int(40), rng);
      break;
    case 2:
      parent[`${String(key)}${rng.pick(['', 'x', '\u0000', ' '])}`] = parent[key];
      break;
    default:
      parent[key] = nastyValue(rng);
  }
  return copy;
}

/** One mutation of a string: a byte flipped, a piece cut or repeated, something nasty spliced in. */
export function mutateString(text: string, rng: Rng): string {
  if (text.length === 0) return nastyString(rng);
  const at = rng.int(text.length);
  switch (rng.int(6)) {
    case 0:
      return text.slice(0, at) + String.fromCharCode(rng.int(256)) + text.slice(at + 1);
    case 1:
      return text.slice(0, at);
    case 2:
      return text.slice(at);
    case 3:
      return text.slice(0, at) + text.slice(at, at + 20).repeat(rng.int(50) + 2) + text.slice(at);
    case 4:
      return text.slice(0, at) + nastyString(rng) + text.slice(at);
    default:
      return text.slice(0, at) + rng.pick(['{', '}', '[', ']', '"', ':', ',', '(', ')', '@', '$', '!', '...', '#']) + text.slice(at);
  }
}

/** Counts hostile inputs per surface; `print()` writes one line for the suite's summary. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(surface: string, n = 1): void {
    this.counts.set(surface, (this.counts.get(surface) ?? 0) + n);
  }

  print(file: string): void {
    const parts = [...this.counts.entries()].map(([surface, n]) => `${surface} ${n}`);
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    process.stdout.write(`[hostile] ${file}: ${total} inputs (${parts.join(', ')})\n`);
  }
}
