import type { Logger } from '../../reporter';
import { rangeEnd, type Database } from '../engine/database';
import { dynaliteDb, getTable, KeyLayout, keyOf, runAction } from '../engine/dynalite';
import { TTL_IDENTITY } from '../streams/records';
import type { AttributeMap } from '../types';

/** DynamoDB leaves alone items whose expiry is more than five years in the past. */
const FIVE_YEARS_S = 5 * 365 * 24 * 60 * 60;
const SCAN_CHUNK = 1000;

/**
 * Whether Time to Live deletes this item now: its TTL attribute is a Number of epoch
 * seconds that has passed, and not by more than five years. Other types never expire.
 */
export function isExpired(item: AttributeMap | undefined, attributeName: string, nowMs: number): boolean {
  const value = item?.[attributeName]?.N;
  if (typeof value !== 'string') return false;
  const expiry = Number(value);
  const now = nowMs / 1000;
  return Number.isFinite(expiry) && expiry <= now && expiry >= now - FIVE_YEARS_S;
}

/**
 * Time to Live: deletes expired items of the tables that enable it, each deletion a write
 * like any other (indexes, one REMOVE stream record) marked as made by the service
 * (`userIdentity` `{ Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' }`). AWS does
 * this within days; locally a sweep runs every `intervalMs`.
 */
export class TimeToLiveSweeper {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly now: () => number,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
  }

  /** One pass over every TTL table; resolves with the number of items deleted. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepAll()
      .catch((error: unknown) => {
        this.log.error(`Time to Live sweep failed: ${(error as Error).stack ?? error}`);
        return 0;
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepAll(): Promise<number> {
    let deleted = 0;
    for (const { tableName, attributeName } of this.database.ttlTables()) deleted += await this.sweepTable(tableName, attributeName);
    return deleted;
  }

  private async sweepTable(tableName: string, attributeName: string): Promise<number> {
    const table = await getTable(this.database.store, tableName, true);
    if (!table) return 0;
    const prefix = KeyLayout.item(tableName);
    let deleted = 0;
    let after: string | undefined;
    for (;;) {
      const chunk = await this.database.store.db.iterator({ ...(after ? { gt: after } : { gte: prefix }), lt: rangeEnd(prefix), limit: SCAN_CHUNK }).all();
      for (const [, item] of chunk) {
        if (!isExpired(item as AttributeMap, attributeName, this.now())) continue;
        const key = keyOf(item as AttributeMap, table);
        const removed = await this.database.write(
          [tableName],
          async (staged) => {
            // Checked again under the table's lock: a write since the scan may have extended it.
            const current = await staged.readItem(tableName, dynaliteDb.createKey(key, table));
            if (!isExpired(current, attributeName, this.now())) return false;
            await runAction('DeleteItem', staged.store, { TableName: tableName, Key: key });
            return true;
          },
          { userIdentity: TTL_IDENTITY },
        );
        if (removed) deleted++;
      }
      if (chunk.length < SCAN_CHUNK) break;
      after = chunk[chunk.length - 1][0];
    }
    if (deleted > 0) this.log.debug(`Time to Live deleted ${deleted} expired items from ${tableName}`);
    return deleted;
  }
}
