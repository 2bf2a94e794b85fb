import { ValidationException } from '../errors';

/** Iterators expire 15 minutes after they are handed out, as on AWS. */
export const ITERATOR_LIFETIME_MS = 15 * 60 * 1000;

/** Where an iterator reads from: records after `after` (from the oldest retained when undefined). */
export interface ShardIterator {
  streamArn: string;
  shardId: string;
  after: string | undefined;
  issuedMs: number;
}

/**
 * Shard iterators are opaque strings to clients: `<stream ARN>|1|<base64url JSON>`, the shape
 * of AWS's. They are not signed: one grants nothing by itself (GetRecords authorizes the
 * stream ARN inside it on every call), and unsigned iterators stay valid across a restart
 * of the local cloud, as AWS's survive a service deployment.
 */
export function encodeShardIterator(iterator: ShardIterator): string {
  const state = Buffer.from(JSON.stringify({ s: iterator.shardId, a: iterator.after ?? null, t: iterator.issuedMs })).toString('base64url');
  return `${iterator.streamArn}|1|${state}`;
}

export function decodeShardIterator(text: string): ShardIterator {
  const parts = text.split('|');
  if (parts.length !== 3 || parts[1] !== '1' || !parts[0].startsWith('arn:aws:dynamodb:')) throw invalid();
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(parts[2], 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { s, a, t } = (state ?? {}) as { s?: unknown; a?: unknown; t?: unknown };
  if (typeof s !== 'string' || (a !== null && (typeof a !== 'string' || !/^\d+$/.test(a))) || typeof t !== 'number') throw invalid();
  return { streamArn: parts[0], shardId: s, after: a ?? undefined, issuedMs: t };
}

function invalid(): ValidationException {
  return new ValidationException('Invalid ShardIterator');
}
