import { DeleteItemCommand, DescribeTableCommand, GetItemCommand, DescribeTimeToLiveCommand, PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand, UpdateTableCommand, UpdateTimeToLiveCommand, BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand, type _Record, type ShardIteratorType } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { clients, startCloud, tableName } from './helpers';

/** DynamoDB Streams on the local edge with the real DynamoDBStreamsClient, on the fixture's tables and Flare's. */
describe('DynamoDB Streams on the local edge', () => {
  let cloud: LocalCloud;
  let flare: LocalCloud;
  const clock = { now: Date.now() };
  beforeAll(async () => {
    [cloud, flare] = await Promise.all([startCloud({ fixture: true, dynamodb: { now: () => clock.now, ttlIntervalMs: 50 } }), startCloud()]);
  });
  afterAll(async () => {
    await Promise.all([cloud?.stop(), flare?.stop()]);
  });

  const streamArnOf = async (table: string) => (await clients(cloud).dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table!.LatestStreamArn!;
  const iterator = async (table: string, type: ShardIteratorType = 'TRIM_HORIZON', sequenceNumber?: string) => {
    const { streams } = clients(cloud);
    const StreamArn = await streamArnOf(table);
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn }));
    return (await streams.send(new GetShardIteratorCommand({ StreamArn, ShardId: StreamDescription!.Shards![0].ShardId, ShardIteratorType: type, SequenceNumber: sequenceNumber }))).ShardIterator!;
  };
  /** Every retained record of a table's stream, page after page. */
  const recordsOf = async (table: string): Promise<_Record[]> => {
    const all: _Record[] = [];
    let ShardIterator = await iterator(table);
    for (;;) {
      const page = await clients(cloud).streams.send(new GetRecordsCommand({ ShardIterator }));
      if (page.Records!.length === 0) return all;
      all.push(...page.Records!);
      ShardIterator = page.NextShardIterator!;
    }
  };
  /** put → update → delete of one item. */
  const lifecycle = async (table: string, keyName: string, value: string) => {
    const { dynamodb } = clients(cloud);
    const Key = { [keyName]: { S: value } };
    await dynamodb.send(new PutItemCommand({ TableName: table, Item: { ...Key, v: { N: '1' } } }));
    await dynamodb.send(new UpdateItemCommand({ TableName: table, Key, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: '2' } } }));
    await dynamodb.send(new DeleteItemCommand({ TableName: table, Key }));
  };

  describe('functionality', () => {
    it("lists a stream per table of Flare's assembly, under the ARN the assembly gives it", async () => {
      // Act
      const { Streams } = await clients(flare).streams.send(new ListStreamsCommand({}));

      // Assess
      const expected = flare.assembly.ofType('Custom::AmplifyDynamoDBTable').map((r) => ({ StreamArn: r.getAtt('TableStreamArn'), TableName: r.ref(), StreamLabel: '2026-01-01T00:00:00.000' }));
      expect(Streams).toEqual(expect.arrayContaining(expected));
      expect(Streams).toHaveLength(expected.length);
    });

    it('describes a stream: enabled, its view type, key schema and one shard', async () => {
      // Prepare
      const table = tableName(cloud, 'Orders');
      const StreamArn = await streamArnOf(table);

      // Act
      const { StreamDescription } = await clients(cloud).streams.send(new DescribeStreamCommand({ StreamArn }));

      // Assess
      expect(StreamDescription).toMatchObject({
        StreamArn,
        StreamStatus: 'ENABLED',
        StreamViewType: 'NEW_AND_OLD_IMAGES',
        TableName: table,
        KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }, { AttributeName: 'orderId', KeyType: 'RANGE' }],
      });
      expect(StreamDescription!.Shards).toHaveLength(1);
      expect(StreamDescription!.Shards![0].ShardId).toMatch(/^shardId-\d{20}-[0-9a-f]{8}$/);
    });

    it.each([
      ['KEYS_ONLY', 'fixture-keys-only', 'pk', [[false, false], [false, false], [false, false]]],
      ['NEW_IMAGE', 'fixture-new-image', 'pk', [[true, false], [true, false], [false, false]]],
      ['OLD_IMAGE', 'fixture-old-image', 'pk', [[false, false], [false, true], [false, true]]],
      ['NEW_AND_OLD_IMAGES', 'fixture-sessions', 'sessionId', [[true, false], [true, true], [false, true]]],
    ] as const)('%s: INSERT, MODIFY, REMOVE carry the images the view type asks for', async (viewType, table, keyName, images) => {
      // Prepare
      const value = `life-${viewType}`;
      await lifecycle(table, keyName, value);

      // Act
      const records = (await recordsOf(table)).filter((r) => r.dynamodb!.Keys![keyName]?.S === value);

      // Assess
      expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
      expect(records.map((r) => [r.dynamodb!.NewImage !== undefined, r.dynamodb!.OldImage !== undefined])).toEqual(images);
      expect(records.every((r) => r.dynamodb!.StreamViewType === viewType && r.eventSource === 'aws:dynamodb' && r.awsRegion === 'us-east-1')).toBe(true);
      if (viewType === 'NEW_AND_OLD_IMAGES') {
        expect(records[1].dynamodb).toMatchObject({ OldImage: { v: { N: '1' } }, NewImage: { v: { N: '2' } } });
      }
    });

    it('numbers records in increasing order and reads from every kind of iterator', async () => {
      // Prepare
      const table = 'fixture-keys-only';
      for (const pk of ['s1', 's2', 's3']) await clients(cloud).dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } }));
      const all = (await recordsOf(table)).filter((r) => /^s\d$/.test(r.dynamodb!.Keys!.pk.S!));
      const [first, second] = all.map((r) => r.dynamodb!.SequenceNumber!);
      const read = async (type: ShardIteratorType, sequenceNumber?: string) =>
        (await clients(cloud).streams.send(new GetRecordsCommand({ ShardIterator: await iterator(table, type, sequenceNumber) }))).Records!.map((r) => r.dynamodb!.Keys!.pk.S);

      // Act
      const at = await read('AT_SEQUENCE_NUMBER', second);
      const after = await read('AFTER_SEQUENCE_NUMBER', first);
      const latestIterator = await iterator(table, 'LATEST');
      const latestEmpty = await clients(cloud).streams.send(new GetRecordsCommand({ ShardIterator: latestIterator }));
      await clients(cloud).dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 's4' } } }));
      const latest = await clients(cloud).streams.send(new GetRecordsCommand({ ShardIterator: latestEmpty.NextShardIterator }));

      // Assess
      expect(all.map((r) => r.dynamodb!.Keys!.pk.S)).toEqual(['s1', 's2', 's3']);
      expect(BigInt(first) < BigInt(second)).toBe(true);
      expect(at.slice(0, 2)).toEqual(['s2', 's3']);
      expect(after.slice(0, 2)).toEqual(['s2', 's3']);
      expect(latestEmpty.Records).toEqual([]);
      expect(latest.Records!.map((r) => r.dynamodb!.Keys!.pk.S)).toEqual(['s4']);
    });

    it('pages with Limit and NextShardIterator', async () => {
      // Prepare
      const table = 'fixture-new-image';
      for (const pk of ['p1', 'p2', 'p3']) await clients(cloud).dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } }));
      const startAt = (await recordsOf(table)).find((r) => r.dynamodb!.Keys!.pk.S === 'p1')!.dynamodb!.SequenceNumber;

      // Act
      const one = await clients(cloud).streams.send(new GetRecordsCommand({ ShardIterator: await iterator(table, 'AT_SEQUENCE_NUMBER', startAt), Limit: 2 }));
      const two = await clients(cloud).streams.send(new GetRecordsCommand({ ShardIterator: one.NextShardIterator, Limit: 2 }));

      // Assess
      expect(one.Records!.map((r) => r.dynamodb!.Keys!.pk.S)).toEqual(['p1', 'p2']);
      expect(two.Records!.map((r) => r.dynamodb!.Keys!.pk.S)).toEqual(['p3']);
    });

    it('returns at most 1 MB of records per GetRecords, the rest on the next call', async () => {
      // Prepare: four records of about 350 KB each
      const { dynamodb, streams } = clients(cloud);
      const big = Array.from({ length: 4 }, (_, i) => `big-${i}`);
      for (const pk of big) await dynamodb.send(new PutItemCommand({ TableName: 'fixture-new-image', Item: { pk: { S: pk }, blob: { S: 'b'.repeat(350 * 1024) } } }));
      const first = (await recordsOf('fixture-new-image')).find((r) => r.dynamodb!.Keys!.pk.S === 'big-0')!;

      // Act
      const one = await streams.send(new GetRecordsCommand({ ShardIterator: await iterator('fixture-new-image', 'AT_SEQUENCE_NUMBER', first.dynamodb!.SequenceNumber) }));
      const two = await streams.send(new GetRecordsCommand({ ShardIterator: one.NextShardIterator }));

      // Assess
      expect(one.Records!.map((r) => r.dynamodb!.Keys!.pk.S)).toEqual(['big-0', 'big-1']);
      expect(two.Records!.map((r) => r.dynamodb!.Keys!.pk.S).slice(0, 2)).toEqual(['big-2', 'big-3']);
    });

    it('records every write path: BatchWriteItem and TransactWriteItems too', async () => {
      // Prepare
      const { dynamodb } = clients(cloud);

      // Act
      await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { 'fixture-old-image': [{ PutRequest: { Item: { pk: { S: 'batch-1' } } } }, { PutRequest: { Item: { pk: { S: 'batch-2' } } } }] } }));
      await dynamodb.send(new TransactWriteItemsCommand({ TransactItems: [{ Delete: { TableName: 'fixture-old-image', Key: { pk: { S: 'batch-1' } } } }, { Put: { TableName: 'fixture-old-image', Item: { pk: { S: 'tx-1' } } } }] }));

      // Assess
      const events = (await recordsOf('fixture-old-image')).filter((r) => /^(batch|tx)-/.test(r.dynamodb!.Keys!.pk.S!)).map((r) => `${r.eventName} ${r.dynamodb!.Keys!.pk.S}`);
      expect(events).toEqual(['INSERT batch-1', 'INSERT batch-2', 'REMOVE batch-1', 'INSERT tx-1']);
    });

    it('writes no record for a put that changes nothing', async () => {
      // Prepare
      const { dynamodb } = clients(cloud);
      await dynamodb.send(new PutItemCommand({ TableName: 'fixture-new-image', Item: { pk: { S: 'same' }, v: { N: '1' } } }));

      // Act
      await dynamodb.send(new PutItemCommand({ TableName: 'fixture-new-image', Item: { pk: { S: 'same' }, v: { N: '1' } } }));

      // Assess
      expect((await recordsOf('fixture-new-image')).filter((r) => r.dynamodb!.Keys!.pk.S === 'same')).toHaveLength(1);
    });

    it("Time to Live deletes an expired item with a REMOVE record made by the service", async () => {
      // Prepare
      const { dynamodb } = clients(cloud);
      const nowS = Math.floor(clock.now / 1000);
      await dynamodb.send(new PutItemCommand({ TableName: 'fixture-sessions', Item: { sessionId: { S: 'expired' }, expiresAt: { N: String(nowS - 1) } } }));
      await dynamodb.send(new PutItemCommand({ TableName: 'fixture-sessions', Item: { sessionId: { S: 'live' }, expiresAt: { N: String(nowS + 3600) } } }));

      // Act: the sweeper runs every 50 ms here.
      let removal: _Record | undefined;
      for (let attempt = 0; attempt < 100 && !removal; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        removal = (await recordsOf('fixture-sessions')).find((r) => r.eventName === 'REMOVE' && r.dynamodb!.Keys!.sessionId.S === 'expired');
      }

      // Assess
      expect((await dynamodb.send(new GetItemCommand({ TableName: 'fixture-sessions', Key: { sessionId: { S: 'live' } } }))).Item).toBeDefined();
      expect(removal?.userIdentity).toEqual({ PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' });
      expect(removal?.dynamodb?.OldImage).toEqual({ sessionId: { S: 'expired' }, expiresAt: { N: String(nowS - 1) } });
    });

    it('enables Time to Live and a stream on a table through the API', async () => {
      // Prepare
      const { dynamodb, streams } = clients(cloud);

      // Act
      const ttl = await dynamodb.send(new UpdateTimeToLiveCommand({ TableName: 'fixture-plain', TimeToLiveSpecification: { Enabled: true, AttributeName: 'until' } }));
      const again = await dynamodb.send(new UpdateTimeToLiveCommand({ TableName: 'fixture-plain', TimeToLiveSpecification: { Enabled: true, AttributeName: 'until' } })).catch((e: Error) => e);
      const described = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 'fixture-plain' }));
      const enabled = await dynamodb.send(new UpdateTableCommand({ TableName: 'fixture-plain', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }));
      await dynamodb.send(new PutItemCommand({ TableName: 'fixture-plain', Item: { pk: { S: 'streamed' } } }));
      const { Streams } = await streams.send(new ListStreamsCommand({ TableName: 'fixture-plain' }));

      // Assess
      expect(ttl.TimeToLiveSpecification).toEqual({ Enabled: true, AttributeName: 'until' });
      expect(again).toMatchObject({ name: 'ValidationException', message: 'TimeToLive is already enabled' });
      expect(described.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'until' });
      expect(enabled.TableDescription).toMatchObject({ StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } });
      expect(Streams).toEqual([{ StreamArn: enabled.TableDescription!.LatestStreamArn, TableName: 'fixture-plain', StreamLabel: enabled.TableDescription!.LatestStreamLabel }]);
      expect((await recordsOf('fixture-plain')).map((r) => r.dynamodb!.Keys!.pk.S)).toEqual(['streamed']);
    });
  });

  describe('validation', () => {
    it('refuses an iterator that is not one with ValidationException', async () => {
      const error = await clients(cloud).streams.send(new GetRecordsCommand({ ShardIterator: 'not-an-iterator' })).catch((e: Error) => e);
      expect(error).toMatchObject({ name: 'ValidationException', message: 'Invalid ShardIterator' });
    });

    it('refuses an iterator older than 15 minutes with ExpiredIteratorException', async () => {
      // Prepare
      const old = await iterator('fixture-keys-only');
      clock.now += 15 * 60 * 1000 + 1;

      // Act
      const error = await clients(cloud).streams.send(new GetRecordsCommand({ ShardIterator: old })).catch((e: Error) => e);

      // Assess
      expect(error).toMatchObject({ name: 'ExpiredIteratorException' });
    });

    it('refuses an unknown stream and a table without one with ResourceNotFoundException', async () => {
      // Act
      const unknown = await clients(cloud).streams.send(new DescribeStreamCommand({ StreamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/nope/stream/2026-01-01T00:00:00.000' })).catch((e: Error) => e);
      const { Streams } = await clients(cloud).streams.send(new ListStreamsCommand({ TableName: 'fixture-keys-only' }));

      // Assess
      expect(unknown).toMatchObject({ name: 'ResourceNotFoundException' });
      expect(Streams).toHaveLength(1);
    });

    it('refuses AT_SEQUENCE_NUMBER without a sequence number', async () => {
      // Prepare
      const StreamArn = await streamArnOf('fixture-keys-only');
      const { StreamDescription } = await clients(cloud).streams.send(new DescribeStreamCommand({ StreamArn }));

      // Act
      const error = await clients(cloud).streams.send(new GetShardIteratorCommand({ StreamArn, ShardId: StreamDescription!.Shards![0].ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER' })).catch((e: Error) => e);

      // Assess
      expect(error).toMatchObject({ name: 'ValidationException' });
    });
  });
});
