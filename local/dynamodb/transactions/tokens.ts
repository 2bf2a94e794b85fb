import { createHash } from 'node:crypto';
import { FlareKeys, rangeEnd, type Database } from '../engine/database';
import type { BatchOperation } from '../engine/dynalite';
import { IdempotentParameterMismatchException } from '../errors';

/** A ClientRequestToken is remembered for 10 minutes after its transaction completes, as on AWS. */
export const TOKEN_LIFETIME_MS = 10 * 60 * 1000;

interface TokenRecord {
  /** Hash of the request's other parameters. */
  hash: string;
  completedMs: number;
}

/** The hash that identifies a request's parameters, the token aside. */
export function requestHash(input: Record<string, unknown>): string {
  const { ClientRequestToken: _token, ...rest } = input;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Whether a transaction with this token already completed within the idempotency window:
 * true for the same parameters (do nothing, answer success), IdempotentParameterMismatchException
 * for others. Tokens are committed with their transaction's items, so a retry after the local
 * cloud was killed still finds the token exactly when the transaction was applied.
 */
export async function alreadyApplied(database: Database, token: string, hash: string, nowMs: number): Promise<boolean> {
  const record = (await database.store.db.get(FlareKeys.token + token)) as TokenRecord | undefined;
  if (!record || nowMs - record.completedMs > TOKEN_LIFETIME_MS) return false;
  if (record.hash !== hash) throw new IdempotentParameterMismatchException();
  return true;
}

/** The batch operation recording a completed transaction's token. */
export function tokenRecord(token: string, hash: string, nowMs: number): BatchOperation {
  return { type: 'put', key: FlareKeys.token + token, value: { hash, completedMs: nowMs } satisfies TokenRecord };
}

/** Forgets tokens past the window; returns how many. */
export async function sweepTokens(database: Database, nowMs: number): Promise<number> {
  const expired: BatchOperation[] = [];
  for (const [key, record] of await database.store.db.iterator({ gte: FlareKeys.token, lt: rangeEnd(FlareKeys.token) }).all()) {
    if (nowMs - (record as TokenRecord).completedMs > TOKEN_LIFETIME_MS) expired.push({ type: 'del', key });
  }
  if (expired.length > 0) await database.store.db.batch(expired);
  return expired.length;
}

