import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BatchWriteItemCommand, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { afterEach, describe, expect, it } from 'vitest';
import { StateInUseError } from '../../../local/state';
import { clients, startCloud } from './helpers';

describe('DynamoDB state across restarts', () => {
  const dirs: string[] = [];
  const stateDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flare-ddb-state-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const streamRecords = async (cloud: Awaited<ReturnType<typeof startCloud>>, table: string) => {
    const { streams } = clients(cloud);
    const StreamArn = `arn:aws:dynamodb:us-east-1:000000000000:table/${table}/stream/2026-01-01T00:00:00.000`;
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn }));
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn, ShardId: StreamDescription!.Shards![0].ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    return (await streams.send(new GetRecordsCommand({ ShardIterator }))).Records!;
  };

  it('keeps tables, items and stream records, and goes on numbering records after them', async () => {
    // Prepare
    const dir = stateDir();
    const first = await startCloud({ fixture: true, stateDir: dir });
    await clients(first).dynamodb.send(new PutItemCommand({ TableName: 'fixture-keys-only', Item: { pk: { S: 'before' } } }));
    const tablesBefore = (await clients(first).dynamodb.send(new ListTablesCommand({}))).TableNames;
    await first.stop();

    // Act
    const second = await startCloud({ fixture: true, stateDir: dir });
    try {
      await clients(second).dynamodb.send(new PutItemCommand({ TableName: 'fixture-keys-only', Item: { pk: { S: 'after' } } }));

      // Assess
      expect((await clients(second).dynamodb.send(new ListTablesCommand({}))).TableNames).toEqual(tablesBefore);
      expect((await clients(second).dynamodb.send(new GetItemCommand({ TableName: 'fixture-keys-only', Key: { pk: { S: 'before' } } }))).Item).toEqual({ pk: { S: 'before' } });
      const records = await streamRecords(second, 'fixture-keys-only');
      expect(records.map((r) => r.dynamodb!.Keys!.pk.S)).toEqual(['before', 'after']);
      expect(BigInt(records[1].dynamodb!.SequenceNumber!) > BigInt(records[0].dynamodb!.SequenceNumber!)).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('records a BatchWriteItem in the order of its request, reads on disk finishing in any order', async () => {
    // Prepare
    const cloud = await startCloud({ fixture: true, stateDir: stateDir() });
    const keys = Array.from({ length: 25 }, (_, i) => `order-${String(25 - i).padStart(2, '0')}`);
    try {
      // Act
      await clients(cloud).dynamodb.send(new BatchWriteItemCommand({ RequestItems: { 'fixture-keys-only': keys.map((pk) => ({ PutRequest: { Item: { pk: { S: pk } } } })) } }));

      // Assess
      expect((await streamRecords(cloud, 'fixture-keys-only')).map((r) => r.dynamodb!.Keys!.pk.S)).toEqual(keys);
    } finally {
      await cloud.stop();
    }
  });

  it('keeps nothing in memory mode', async () => {
    // Prepare
    const first = await startCloud({ fixture: true });
    await clients(first).dynamodb.send(new PutItemCommand({ TableName: 'fixture-plain', Item: { pk: { S: 'gone' } } }));
    await first.stop();

    // Act
    const second = await startCloud({ fixture: true });
    try {
      // Assess
      expect((await clients(second).dynamodb.send(new GetItemCommand({ TableName: 'fixture-plain', Key: { pk: { S: 'gone' } } }))).Item).toBeUndefined();
    } finally {
      await second.stop();
    }
  });

  it('refuses to share a state directory with a running local cloud, saying how to fix it', async () => {
    // Prepare
    const dir = stateDir();
    const running = await startCloud({ fixture: true, stateDir: dir });
    try {
      // Act
      const error = await startCloud({ fixture: true, stateDir: dir }).catch((e: Error) => e);

      // Assess
      expect(error).toBeInstanceOf(StateInUseError);
      expect((error as StateInUseError).resolution).toMatch(/--state-dir/);
      // The running one is unharmed.
      await clients(running).dynamodb.send(new PutItemCommand({ TableName: 'fixture-plain', Item: { pk: { S: 'still-here' } } }));
    } finally {
      await running.stop();
    }
  });
});
