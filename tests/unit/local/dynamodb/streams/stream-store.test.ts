import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STREAM_RETENTION_MS, StreamStore } from '../../../../../local/dynamodb/streams/stream-store';
import type { StreamRecord } from '../../../../../local/dynamodb/types';
import { Reporter, type LogRecord } from '../../../../../local/reporter';
import { createTable, item, openDatabase, write, type TestDatabase } from '../factories';

describe('StreamStore: subscriptions and retention', () => {
  let test: TestDatabase;
  let streams: StreamStore;
  let logged: LogRecord[];
  beforeEach(async () => {
    logged = [];
    // The database tells the store of each commit, as the service wires it.
    test = await openDatabase({ onAppend: (records) => streams.appended(records) });
    streams = new StreamStore(test.database, new Reporter({ level: 'debug', sinks: [(record) => logged.push(record)] }).for('dynamodb'), () => test.clock.now);
    await createTable(test, 'things', { viewType: 'KEYS_ONLY' });
  });
  afterEach(async () => {
    streams.closeAll();
    await test.database.close();
  });

  const put = (pk: string) => write(test, 'PutItem', { TableName: 'things', Item: item(pk) });
  const keysOf = (records: StreamRecord[]) => records.map((record) => String(record.dynamodb.Keys.pk.S));
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(check()).toBe(true);
  };

  it('LATEST delivers only what is written after subscribing, in commit order', async () => {
    // Prepare
    await put('old');
    const seen: string[] = [];
    streams.subscribe('things', (records) => void seen.push(...keysOf(records)));
    await new Promise((resolve) => setTimeout(resolve, 10));

    // Act
    for (const pk of ['a', 'b', 'c']) await put(pk);

    // Assess
    await until(() => seen.length === 3);
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('TRIM_HORIZON catches up on retained records first, then follows, in batches of batchSize', async () => {
    // Prepare
    for (const pk of ['a', 'b', 'c', 'd', 'e']) await put(pk);
    const batches: string[][] = [];

    // Act
    const subscription = streams.subscribe(test.database.meta('things').stream!.arn, (records) => void batches.push(keysOf(records)), { from: 'TRIM_HORIZON', batchSize: 2 });
    await until(() => batches.flat().length === 5);
    await put('f');

    // Assess
    await until(() => batches.flat().length === 6);
    expect(batches.flat()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(batches.every((batch) => batch.length <= 2)).toBe(true);
    expect(subscription.position).toBe('000000000000000000006');
  });

  it('resumes after a checkpoint, and waits for a slow listener before the next batch', async () => {
    // Prepare
    for (const pk of ['a', 'b', 'c']) await put(pk);
    const seen: string[] = [];
    let inFlight = 0;
    let overlapped = false;

    // Act
    streams.subscribe('things', async (records) => {
      overlapped ||= inFlight > 0;
      inFlight++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(...keysOf(records));
      inFlight--;
    }, { from: { afterSequenceNumber: '1' }, batchSize: 1 });
    await Promise.all([put('d'), put('e')]);

    // Assess
    await until(() => seen.length === 4);
    expect(seen).toEqual(['b', 'c', 'd', 'e']);
    expect(overlapped).toBe(false);
  });

  it('logs a listener that throws and goes on with the next records', async () => {
    // Prepare
    const seen: string[] = [];
    streams.subscribe('things', (records) => {
      if (keysOf(records).includes('bad')) throw new Error('listener bug');
      seen.push(...keysOf(records));
    });
    await new Promise((resolve) => setTimeout(resolve, 10));

    // Act
    await put('bad');
    await until(() => logged.some((record) => record.level === 'error'));
    await put('good');

    // Assess
    await until(() => seen.length === 1);
    expect(seen).toEqual(['good']);
    expect(logged.find((record) => record.level === 'error')?.message).toContain('listener bug');
  });

  it('stops delivering once closed', async () => {
    // Prepare
    const seen: string[] = [];
    const subscription = streams.subscribe('things', (records) => void seen.push(...keysOf(records)));
    await new Promise((resolve) => setTimeout(resolve, 10));

    // Act
    subscription.close();
    await put('after-close');
    await new Promise((resolve) => setTimeout(resolve, 20));

    // Assess
    expect(seen).toEqual([]);
  });

  it('refuses a table without a stream', async () => {
    // Prepare
    await createTable(test, 'quiet');

    // Act / Assess
    expect(() => streams.subscribe('quiet', () => undefined)).toThrow(/has no stream/);
  });

  it('trims records older than 24 hours and remembers how far it trimmed', async () => {
    // Prepare
    await put('a');
    await put('b');
    test.clock.now += STREAM_RETENTION_MS - 1000;
    await put('c');
    test.clock.now += 2000;

    // Act
    const removed = await streams.trim();

    // Assess
    const arn = test.database.meta('things').stream!.arn;
    expect(removed).toBe(2);
    expect(keysOf(await streams.read(arn, undefined, 10))).toEqual(['c']);
    expect(test.database.meta('things').stream!.trimmedThrough).toBe('000000000000000000002');
  });
});
