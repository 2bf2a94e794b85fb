import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand, DescribeStreamCommand } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, describe, expect, it } from 'vitest';
import { clients, startCloud, tableName } from './helpers';

const WRITER = path.resolve('tests/integration/dynamodb/crash-writer.ts');

/** Runs the writer on `stateDir` until it has acknowledged `acks` more writes, then SIGKILLs it. */
function runAndKill(stateDir: string, firstNumber: number, acks: number): Promise<{ puts: number[]; transactions: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, stateDir, String(firstNumber)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    const puts: number[] = [];
    const transactions: number[] = [];
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const [kind, n] = line.split(' ');
      if (kind === 'put') puts.push(Number(n));
      if (kind === 'tx') transactions.push(Number(n));
      if (!killed && puts.length + transactions.length >= acks) {
        killed = true;
        // A moment later, at a time unrelated to the ack just read, so the kill can land anywhere in a commit.
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 25);
      }
    });
    // Lines still in the pipe when the child died are acknowledged writes too: wait for both.
    const exited = new Promise<NodeJS.Signals | number | null>((done) => child.on('exit', (code, signal) => done(signal ?? code)));
    const drained = new Promise<void>((done) => lines.on('close', done));
    void Promise.all([exited, drained]).then(([how]) => {
      if (how === 'SIGKILL') resolve({ puts, transactions });
      else reject(new Error(`writer exited with ${how} before it was killed:\n${stderr}`));
    });
  });
}

describe('DynamoDB durability', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'flare-ddb-crash-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('keeps every acknowledged write and never half a transaction across SIGKILLs under load', { timeout: 120_000 }, async () => {
    // Prepare / Act: three runs of the writer, each killed mid-load, on one state directory.
    const acked = { puts: [] as number[], transactions: [] as number[] };
    for (let run = 0; run < 3; run++) {
      const { puts, transactions } = await runAndKill(stateDir, run * 1_000_000, 120 + run * 40);
      acked.puts.push(...puts);
      acked.transactions.push(...transactions);
    }
    const cloud = await startCloud({ fixture: true, stateDir });
    try {
      const { dynamodb, streams } = clients(cloud);
      const scan = async (table: string) => {
        const items: Record<string, { S?: string; N?: string }>[] = [];
        let ExclusiveStartKey: Record<string, never> | undefined;
        do {
          const page = await dynamodb.send(new ScanCommand({ TableName: table, ExclusiveStartKey, ProjectionExpression: 'pk, customerId, orderId, transactions' }));
          items.push(...(page.Items as never[]));
          ExclusiveStartKey = page.LastEvaluatedKey as never;
        } while (ExclusiveStartKey);
        return items;
      };
      const records = async (table: string) => {
        const StreamArn = `arn:aws:dynamodb:us-east-1:000000000000:table/${table}/stream/2026-01-01T00:00:00.000`;
        const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn }));
        let ShardIterator = (await streams.send(new GetShardIteratorCommand({ StreamArn, ShardId: StreamDescription!.Shards![0].ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
        const all = [];
        for (;;) {
          const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
          if (page.Records!.length === 0) break;
          all.push(...page.Records!);
          ShardIterator = page.NextShardIterator;
        }
        return all;
      };
      const plain = await scan('fixture-plain');
      const orders = new Set((await scan(tableName(cloud, 'Orders'))).map((i) => Number(i.orderId.S)));
      const keysOnly = new Set((await scan('fixture-keys-only')).map((i) => Number(i.pk.S!.slice(3))));
      const newImage = new Set((await scan('fixture-new-image')).map((i) => Number(i.pk.S!.slice(3))));
      const puts = new Set((await scan('fixture-old-image')).map((i) => Number(i.pk.S!.slice(4))));
      const counter = Number(plain.find((i) => i.pk.S === 'counter')?.transactions?.N ?? 0);

      // Assess: every acknowledged write is there.
      expect(acked.puts.length + acked.transactions.length).toBeGreaterThanOrEqual(120 + 160 + 200);
      expect(acked.puts.filter((n) => !puts.has(n))).toEqual([]);
      expect(acked.transactions.filter((n) => !orders.has(n))).toEqual([]);
      // No transaction is half applied: its three items are all there or none is, and the counter counts whole ones.
      expect([...keysOnly].sort()).toEqual([...orders].sort());
      expect([...newImage].sort()).toEqual([...orders].sort());
      expect(counter).toBe(orders.size);
      // Each committed write has its stream record, and no record exists for a write that was lost.
      const inserted = async (table: string, key: string) => {
        const all = await records(table);
        const sequence = all.map((r) => BigInt(r.dynamodb!.SequenceNumber!));
        expect(sequence.every((n, i) => i === 0 || n > sequence[i - 1])).toBe(true);
        return all.map((r) => r.dynamodb!.Keys![key].S!).map((k) => Number(k.replace(/^tx-/, ''))).sort();
      };
      expect(await inserted(tableName(cloud, 'Orders'), 'orderId')).toEqual([...orders].sort());
      expect(await inserted('fixture-keys-only', 'pk')).toEqual([...orders].sort());
      expect(await inserted('fixture-new-image', 'pk')).toEqual([...orders].sort());
      expect((await records('fixture-old-image')).map((r) => Number(r.dynamodb!.Keys!.pk.S!.slice(4))).sort()).toEqual([...puts].sort());
    } finally {
      await cloud.stop();
    }
  });
});
