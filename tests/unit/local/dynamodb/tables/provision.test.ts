import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getTable } from '../../../../../local/dynamodb/engine/dynalite';
import { StreamStore } from '../../../../../local/dynamodb/streams/stream-store';
import type { TableDefinition } from '../../../../../local/dynamodb/tables/definitions';
import { provisionTables } from '../../../../../local/dynamodb/tables/provision';
import { Reporter, type LogRecord } from '../../../../../local/reporter';
import { item, openDatabase, read, s, write, type TestDatabase } from '../factories';

const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/books/stream/2026-01-01T00:00:00.000';

function books(changes: { sortKey?: boolean; index?: 'byAuthor' | 'byGenre'; stream?: boolean; ttl?: boolean } = {}): TableDefinition {
  const index = changes.index ?? 'byAuthor';
  const indexKey = index === 'byAuthor' ? 'author' : 'genre';
  return {
    source: 'test/Books',
    createTable: {
      TableName: 'books',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(changes.sortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' }] : [])],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: indexKey, AttributeType: 'S' },
        ...(changes.sortKey ? [{ AttributeName: 'sk', AttributeType: 'S' }] : []),
      ],
      GlobalSecondaryIndexes: [{ IndexName: index, KeySchema: [{ AttributeName: indexKey, KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      BillingMode: 'PAY_PER_REQUEST',
    },
    stream: changes.stream === false ? undefined : { viewType: 'NEW_AND_OLD_IMAGES', arn: STREAM_ARN },
    ttl: changes.ttl ? { attributeName: 'expiresAt' } : undefined,
  };
}

describe('provisioning the assembly’s tables at start', () => {
  let dir: string;
  let test: TestDatabase;
  let logged: LogRecord[];
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flare-ddb-provision-'));
    logged = [];
    test = await openDatabase({ path: dir });
  });
  afterEach(async () => {
    await test.database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const provision = (definition: TableDefinition) =>
    provisionTables([definition], {
      database: test.database,
      streams: new StreamStore(test.database, new Reporter({ level: 'silent' }).for('x'), () => test.clock.now),
      log: new Reporter({ level: 'debug', sinks: [(record) => logged.push(record)] }).for('dynamodb'),
      now: () => test.clock.now,
    });
  const restart = async () => {
    await test.database.close();
    test = await openDatabase({ path: dir });
  };

  it('creates a table with its stream, and after a restart keeps it and its items', async () => {
    // Prepare
    expect(await provision(books())).toEqual([{ tableName: 'books', action: 'created' }]);
    await write(test, 'PutItem', { TableName: 'books', Item: item('b1', { author: s('Le Guin') }) });
    await restart();

    // Act
    const outcome = await provision(books());

    // Assess
    expect(outcome).toEqual([{ tableName: 'books', action: 'kept' }]);
    expect((await read(test, 'GetItem', { TableName: 'books', Key: item('b1') })).Item).toEqual(item('b1', { author: s('Le Guin') }));
    expect(test.database.meta('books').stream).toMatchObject({ arn: STREAM_ARN, label: '2026-01-01T00:00:00.000', viewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('recreates a table whose key schema changed, empty, and warns that it did', async () => {
    // Prepare
    await provision(books());
    await write(test, 'PutItem', { TableName: 'books', Item: item('b1', { author: s('Le Guin') }) });
    await restart();

    // Act
    const outcome = await provision(books({ sortKey: true }));

    // Assess
    expect(outcome).toEqual([{ tableName: 'books', action: 'recreated' }]);
    expect((await getTable(test.database.store, 'books'))!.KeySchema.map((k) => k.AttributeName)).toEqual(['pk', 'sk']);
    expect((await read(test, 'Scan', { TableName: 'books' })).Items).toEqual([]);
    expect(logged.find((record) => record.level === 'warn')?.message).toMatch(/books: its key schema changed \(pk HASH S → pk HASH S, sk RANGE S\); recreating it EMPTY/);
  });

  it('rebuilds changed secondary indexes from the items, which stay', async () => {
    // Prepare
    await provision(books());
    await write(test, 'PutItem', { TableName: 'books', Item: item('b1', { author: s('Le Guin'), genre: s('sf') }) });
    await write(test, 'PutItem', { TableName: 'books', Item: item('b2', { author: s('Tolkien') }) });
    await restart();

    // Act
    const outcome = await provision(books({ index: 'byGenre' }));

    // Assess
    expect(outcome).toEqual([{ tableName: 'books', action: 'reindexed' }]);
    const sf = await read(test, 'Query', { TableName: 'books', IndexName: 'byGenre', KeyConditionExpression: 'genre = :g', ExpressionAttributeValues: { ':g': s('sf') } });
    expect(sf.Items).toEqual([item('b1', { author: s('Le Guin'), genre: s('sf') })]);
    await expect(read(test, 'Query', { TableName: 'books', IndexName: 'byAuthor', KeyConditionExpression: 'author = :a', ExpressionAttributeValues: { ':a': s('Tolkien') } })).rejects.toThrow(/byAuthor/);
    expect((await read(test, 'Scan', { TableName: 'books' })).Count).toBe(2);
    // Writes after the rebuild maintain the new index.
    await write(test, 'PutItem', { TableName: 'books', Item: item('b3', { genre: s('sf') }) });
    expect((await read(test, 'Query', { TableName: 'books', IndexName: 'byGenre', KeyConditionExpression: 'genre = :g', ExpressionAttributeValues: { ':g': s('sf') } })).Count).toBe(2);
  });

  it('follows the definition’s stream and Time to Live across restarts', async () => {
    // Prepare
    await provision(books({ ttl: true }));
    expect(test.database.meta('books')).toMatchObject({ ttl: { attributeName: 'expiresAt' }, stream: { arn: STREAM_ARN } });
    await restart();

    // Act
    await provision(books({ stream: false }));

    // Assess
    expect(test.database.meta('books')).toEqual({});
  });

  it('settles a table a killed process left CREATING', async () => {
    // Prepare
    await provision(books());
    const table = (await getTable(test.database.store, 'books'))!;
    await test.database.store.db.put('table~books', { ...table, TableStatus: 'CREATING' });
    await restart();

    // Act
    await provision(books());

    // Assess
    expect((await getTable(test.database.store, 'books'))!.TableStatus).toBe('ACTIVE');
    await write(test, 'PutItem', { TableName: 'books', Item: item('b1') });
  });
});
