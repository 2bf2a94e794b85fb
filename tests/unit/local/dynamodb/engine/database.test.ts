import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FlareKeys } from '../../../../../local/dynamodb/engine/database';
import { ConditionalCheckFailedException } from '../../../../../local/dynamodb/errors';
import { StreamStore } from '../../../../../local/dynamodb/streams/stream-store';
import { Reporter } from '../../../../../local/reporter';
import { createTable, item, n, openDatabase, read, s, write, type TestDatabase } from '../factories';

describe('Database: the one write path', () => {
  let test: TestDatabase | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await test?.database.close();
    test = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const streamOf = (t: TestDatabase, table: string) => new StreamStore(t.database, new Reporter({ level: 'silent' }).for('dynamodb'), () => t.clock.now).read(t.database.meta(table).stream!.arn, undefined, 100);

  it('commits an item and its stream record together, and tells subscribers after the commit', async () => {
    // Prepare
    test = await openDatabase();
    await createTable(test, 'things', { viewType: 'NEW_AND_OLD_IMAGES' });

    // Act
    await write(test, 'PutItem', { TableName: 'things', Item: item('a', { size: n(1) }) });

    // Assess
    const records = await streamOf(test, 'things');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ eventName: 'INSERT', dynamodb: { Keys: item('a'), NewImage: item('a', { size: n(1) }), StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    expect(test.appended).toEqual([{ tableName: 'things', streamArn: test.database.meta('things').stream!.arn, records }]);
  });

  it('writes nothing, records nothing, when the work fails', async () => {
    // Prepare
    test = await openDatabase();
    await createTable(test, 'things', { viewType: 'NEW_IMAGE' });
    await write(test, 'PutItem', { TableName: 'things', Item: item('a') });

    // Act
    const failed = write(test, 'PutItem', { TableName: 'things', Item: item('a', { size: n(2) }), ConditionExpression: 'attribute_not_exists(pk)' });

    // Assess
    await expect(failed).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    expect((await read(test, 'GetItem', { TableName: 'things', Key: item('a') })).Item).toEqual(item('a'));
    expect(await streamOf(test, 'things')).toHaveLength(1);
  });

  it('numbers records in commit order across concurrent writers of a table', async () => {
    // Prepare
    test = await openDatabase();
    await createTable(test, 'things', { viewType: 'KEYS_ONLY' });

    // Act
    await Promise.all(Array.from({ length: 50 }, (_, i) => write(test!, 'PutItem', { TableName: 'things', Item: item(`k${i}`) })));

    // Assess
    const sequence = (await streamOf(test, 'things')).map((record) => BigInt(record.dynamodb.SequenceNumber));
    expect(sequence).toHaveLength(50);
    expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(sequence).size).toBe(50);
  });

  it('serializes read-modify-write on a table: 100 concurrent increments all count', async () => {
    // Prepare
    test = await openDatabase();
    await createTable(test, 'things');

    // Act
    await Promise.all(Array.from({ length: 100 }, () => write(test!, 'UpdateItem', { TableName: 'things', Key: item('counter'), UpdateExpression: 'ADD hits :one', ExpressionAttributeValues: { ':one': n(1) } })));

    // Assess
    expect((await read(test, 'GetItem', { TableName: 'things', Key: item('counter') })).Item).toEqual(item('counter', { hits: n(100) }));
  });

  it('continues sequence numbers after a restart, past every stream it kept', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(tmpdir(), 'flare-ddb-'));
    dirs.push(dir);
    test = await openDatabase({ path: dir });
    await createTable(test, 'one', { viewType: 'KEYS_ONLY' });
    await createTable(test, 'two', { viewType: 'KEYS_ONLY' });
    for (let i = 0; i < 3; i++) await write(test, 'PutItem', { TableName: 'one', Item: item(`a${i}`) });
    await write(test, 'PutItem', { TableName: 'two', Item: item('b') });
    // A counter that fell behind (batches of two tables landing out of order) must not reuse numbers.
    await test.database.store.db.put(FlareKeys.sequence, '1');
    await test.database.close();

    // Act
    test = await openDatabase({ path: dir });
    await write(test, 'PutItem', { TableName: 'one', Item: item('after-restart') });

    // Assess
    const numbers = [...(await streamOf(test, 'one')), ...(await streamOf(test, 'two'))].map((r) => Number(r.dynamodb.SequenceNumber));
    expect(numbers.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps the items of a table apart from those of a table whose name extends its name', async () => {
    // Prepare
    test = await openDatabase();
    await createTable(test, 'abc');
    await createTable(test, 'abcd');

    // Act
    await write(test, 'PutItem', { TableName: 'abc', Item: item('x', { colour: s('red') }) });

    // Assess
    expect((await read(test, 'Scan', { TableName: 'abcd' })).Items).toEqual([]);
    expect((await read(test, 'Scan', { TableName: 'abc' })).Items).toEqual([item('x', { colour: s('red') })]);
  });
});
