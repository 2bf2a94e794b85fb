import type { AttributeMap } from '../types';
import { KeyLayout, type ActionStore, type BatchOperation, type DynaliteStore, type DynaliteSubDb } from './dynalite';

/** An item a unit of work changed: its image before and after (undefined: absent). */
export interface ItemChange {
  tableName: string;
  oldImage: AttributeMap | undefined;
  newImage: AttributeMap | undefined;
}

type Staged = { value: unknown } | { deleted: true };

/**
 * A unit of work over dynalite's store. Dynalite's write actions run against `store`, which
 * reads through to the real store and stages every put and delete (items and index entries)
 * instead of writing it. `operations()` is then committed in one LevelDB batch, so a write,
 * its index entries, its stream records and a whole transaction land together or not at all,
 * even if the process is killed. It also knows each item's image before and after, which
 * is what stream records carry.
 *
 * Concurrency: the caller holds the locks of the tables involved (see TableLocks), so the
 * per-key locks dynalite asks for are already held.
 */
export class StagedWrites {
  private readonly staged = new Map<string, Staged>();
  /** Full item key → the item as first read from the real store (undefined: absent). */
  private readonly observed = new Map<string, AttributeMap | undefined>();
  /** Full item key → table name, for every item key written. */
  private readonly writtenItems = new Map<string, { tableName: string; key: string }>();
  readonly store: ActionStore;
  /** Further operations to commit with the items (a transaction's idempotency token). */
  readonly extra: BatchOperation[] = [];

  constructor(private readonly real: DynaliteStore) {
    this.store = {
      options: real.options,
      tableDb: real.tableDb,
      getTable: real.getTable,
      getItemDb: (name) => this.itemDb(name),
      getIndexDb: (indexType, tableName, indexName) => this.indexDb(KeyLayout.index(indexType, tableName, indexName)),
    };
  }

  /** True when nothing was staged. */
  get empty(): boolean {
    return this.staged.size === 0 && this.extra.length === 0;
  }

  /** The staged writes as one LevelDB batch. */
  operations(): BatchOperation[] {
    const items = [...this.staged].map(([key, entry]): BatchOperation => ('deleted' in entry ? { type: 'del', key } : { type: 'put', key, value: entry.value }));
    return [...items, ...this.extra];
  }

  /** Every item whose content changed, in the order first written. */
  async changes(): Promise<ItemChange[]> {
    const out: ItemChange[] = [];
    for (const [fullKey, { tableName, key }] of this.writtenItems) {
      // Dynalite's write actions read before they write; this covers any that would not.
      if (!this.observed.has(fullKey)) this.observed.set(fullKey, await readReal(this.real.getItemDb(tableName), key));
      const entry = this.staged.get(fullKey)!;
      const oldImage = this.observed.get(fullKey);
      const newImage = 'deleted' in entry ? undefined : (entry.value as AttributeMap);
      if (oldImage === undefined && newImage === undefined) continue;
      if (oldImage !== undefined && newImage !== undefined && sameItem(oldImage, newImage)) continue;
      out.push({ tableName, oldImage, newImage });
    }
    return out;
  }

  /**
   * Puts the changed items in this order (full keys, `KeyLayout.item(table) + key`) for
   * `changes()`: dynalite stages a batch's items in whatever order its parallel actions
   * finish, and stream records should follow the request.
   */
  orderItems(fullKeys: Iterable<string>): void {
    const reordered = new Map<string, { tableName: string; key: string }>();
    for (const fullKey of fullKeys) {
      const written = this.writtenItems.get(fullKey);
      if (written) reordered.set(fullKey, written);
    }
    for (const [fullKey, written] of this.writtenItems) if (!reordered.has(fullKey)) reordered.set(fullKey, written);
    this.writtenItems.clear();
    for (const [fullKey, written] of reordered) this.writtenItems.set(fullKey, written);
  }

  /** Reads an item as this unit of work sees it (its own staged writes first). */
  readItem(tableName: string, key: string): Promise<AttributeMap | undefined> {
    return new Promise((resolve, reject) => {
      this.itemDb(tableName).get(key, (error, value) => (error ? reject(error) : resolve(value as AttributeMap | undefined)));
    });
  }

  private itemDb(tableName: string): DynaliteSubDb {
    const prefix = KeyLayout.item(tableName);
    const real = this.real.getItemDb(tableName);
    return {
      get: (key, cb) => {
        const fullKey = prefix + key;
        const entry = this.staged.get(fullKey);
        if (entry) {
          setImmediate(cb, null, 'deleted' in entry ? undefined : entry.value);
          return;
        }
        real.get(key, (error, value) => {
          if (!error && !this.observed.has(fullKey)) this.observed.set(fullKey, value as AttributeMap | undefined);
          cb(error, value);
        });
      },
      put: (key, value, cb) => {
        this.writtenItems.set(prefix + key, { tableName, key });
        this.staged.set(prefix + key, { value });
        setImmediate(cb, null);
      },
      del: (key, cb) => {
        this.writtenItems.set(prefix + key, { tableName, key });
        this.staged.set(prefix + key, { deleted: true });
        setImmediate(cb, null);
      },
      lock: (_key, fn) => fn((cb) => cb),
    };
  }

  private indexDb(prefix: string): DynaliteSubDb {
    return {
      get: (_key, cb) => {
        setImmediate(cb, new Error('Dynalite read an index entry inside a write; the local DynamoDB does not stage index reads'));
      },
      put: (key, value, cb) => {
        this.staged.set(prefix + key, { value });
        setImmediate(cb, null);
      },
      del: (key, cb) => {
        this.staged.set(prefix + key, { deleted: true });
        setImmediate(cb, null);
      },
      lock: (_key, fn) => fn((cb) => cb),
    };
  }
}

function readReal(db: DynaliteSubDb, key: string): Promise<AttributeMap | undefined> {
  return new Promise((resolve, reject) => db.get(key, (error, value) => (error ? reject(error) : resolve(value as AttributeMap | undefined))));
}

/** Whether two items hold the same data (attribute order aside). */
export function sameItem(a: AttributeMap, b: AttributeMap): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
