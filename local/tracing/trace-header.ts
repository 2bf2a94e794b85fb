import { createHash, randomBytes } from 'node:crypto';

/**
 * X-Ray trace headers (`X-Amzn-Trace-Id: Root=1-<time>-<id>;Parent=…;Sampled=0;Lineage=<hash>:<n>`)
 * as AWS services pass them along a request's path. Lambda gives a function its invocation's
 * header as `_X_AMZN_TRACE_ID`, and the AWS SDK sends it on with every call the function makes;
 * `Lineage` counts how many times a request has come round through the same function or rule,
 * which is how AWS stops recursive loops (Lambda gives up after 16).
 */

/** How many times AWS lets a request come round the same loop before it stops it. */
export const LOOP_LIMIT = 16;

/** A fresh header with a new root, not sampled. */
export function newTraceId(now = Date.now()): string {
  const epoch = Math.floor(now / 1000).toString(16).padStart(8, '0');
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

/** The header's fields (`Root`, `Parent`, `Sampled`, `Lineage`…). */
export function traceFields(header: string | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  return fields;
}

/** How many times the request has come round the loop named `through` (a rule or topic ARN): 0 when never. */
export function loopCount(header: string | undefined, through: string): number {
  const lineage = traceFields(header).get('Lineage');
  if (!lineage) return 0;
  const tag = lineageTag(through);
  for (const entry of lineage.split('|')) {
    const [hash, count] = entry.split(':');
    if (hash === tag) return Number(count) || 0;
  }
  return 0;
}

const lineageTag = (through: string) => createHash('sha256').update(through).digest('hex').slice(0, 8);

/**
 * The header a request carries onward after passing through `through` once more: the same root
 * (a new one when there was none), the loop count for `through` one higher.
 */
export function passedThrough(header: string | undefined, through: string): string {
  const fields = traceFields(header);
  if (!fields.has('Root')) for (const [key, value] of traceFields(newTraceId())) fields.set(key, value);
  const tag = lineageTag(through);
  const entries = (fields.get('Lineage') ?? '').split('|').filter((entry) => entry !== '' && !entry.startsWith(`${tag}:`));
  entries.unshift(`${tag}:${loopCount(header, through) + 1}`);
  fields.set('Lineage', entries.slice(0, 10).join('|'));
  return [...fields.entries()].map(([key, value]) => `${key}=${value}`).join(';');
}
