import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dynaliteDb, getTable, KeyLayout, runAction, validateRequest } from '../../../../../local/dynamodb/engine/dynalite';
import { sameItem, StagedWrites } from '../../../../../local/dynamodb/engine/staged-writes';
import { createTable, item, openDatabase, read, s, type TestDatabase } from '../factories';

describe('StagedWrites (a unit of work over dynalite)', () => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await openDatabase();
    await createTable(test, 'things');
  });
  afterEach(() => test.database.close());

  const put = (staged: StagedWrites, value: Record<string, unknown>) =>
    runAction('PutItem', staged.store, validateRequest('PutItem', { TableName: 'things', Item: value }, test.database.store));

  it('stages a put (item and index entries) without writing it', async () => {
    // Prepare
    const staged = new StagedWrites(test.database.store);

    // Act
    await put(staged, item('a', { colour: s('red') }));

    // Assess
    expect(await read(test, 'GetItem', { TableName: 'things', Key: item('a') })).toEqual({});
    const keys = staged.operations().map((op) => op.key);
    expect(keys.some((key) => key.startsWith(KeyLayout.item('things')))).toBe(true);
    expect(keys.some((key) => key.startsWith(KeyLayout.index('Global', 'things', 'byColour')))).toBe(true);
  });

  it("commits in one batch under dynalite's key layout: GetItem and a GSI Query read what was staged", async () => {
    // Prepare
    const staged = new StagedWrites(test.database.store);
    await put(staged, item('a', { colour: s('red') }));

    // Act
    await test.database.store.db.batch(staged.operations());

    // Assess
    expect(await read(test, 'GetItem', { TableName: 'things', Key: item('a') })).toEqual({ Item: item('a', { colour: s('red') }) });
    const byColour = await read(test, 'Query', { TableName: 'things', IndexName: 'byColour', KeyConditionExpression: 'colour = :c', ExpressionAttributeValues: { ':c': s('red') } });
    expect(byColour.Items).toEqual([item('a', { colour: s('red') })]);
  });

  it('knows the image before and after of each item it changed', async () => {
    // Prepare
    const first = new StagedWrites(test.database.store);
    await put(first, item('a', { colour: s('red') }));
    await test.database.store.db.batch(first.operations());
    const staged = new StagedWrites(test.database.store);

    // Act
    await put(staged, item('a', { colour: s('blue') }));
    await put(staged, item('b'));

    // Assess
    expect(await staged.changes()).toEqual([
      { tableName: 'things', oldImage: item('a', { colour: s('red') }), newImage: item('a', { colour: s('blue') }) },
      { tableName: 'things', oldImage: undefined, newImage: item('b') },
    ]);
  });

  it('reports no change for a put that writes the item as it was, or a delete of nothing', async () => {
    // Prepare
    const first = new StagedWrites(test.database.store);
    await put(first, item('a', { colour: s('red'), size: { N: '1' } }));
    await test.database.store.db.batch(first.operations());
    const staged = new StagedWrites(test.database.store);

    // Act
    await put(staged, { size: { N: '1' }, colour: s('red'), pk: s('a') });
    await runAction('DeleteItem', staged.store, validateRequest('DeleteItem', { TableName: 'things', Key: item('zz') }, test.database.store));

    // Assess
    expect(await staged.changes()).toEqual([]);
  });

  it('reads its own staged writes', async () => {
    // Prepare
    const staged = new StagedWrites(test.database.store);
    await put(staged, item('a', { colour: s('red') }));
    const table = (await getTable(test.database.store, 'things'))!;

    // Act
    const seen = await staged.readItem('things', dynaliteDb.createKey(item('a'), table));

    // Assess
    expect(seen).toEqual(item('a', { colour: s('red') }));
  });

  it('compares items regardless of attribute order', () => {
    expect(sameItem({ a: s('1'), b: { M: { x: s('1'), y: s('2') } } }, { b: { M: { y: s('2'), x: s('1') } }, a: s('1') })).toBe(true);
    expect(sameItem({ a: s('1') }, { a: { N: '1' } })).toBe(false);
  });
});
