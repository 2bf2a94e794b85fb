/**
 * Local SQS on loopback, with the local cloud in its own process (as `npm run local` runs it)
 * and the real @aws-sdk/client-sqs in this one, signed as the local root (SigV4 verified on
 * every request): SendMessage and ReceiveMessage latency (target p50 ≤ 2 ms each), on disk (the
 * default: every send, receive and delete is a record renamed into place before the answer) and
 * in memory; DeleteMessage latency beside them.
 */
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Reporter, startLocalCloud } from '../local';
import { iamService } from '../local/iam';
import { createSqsService } from '../local/sqs';
import { report, sample } from './stats';

const N = 500;

/** Child mode: run the local cloud (IAM + SQS) and print its endpoint; stop when stdin closes. */
async function serve(): Promise<void> {
  const stateDir = process.env.FLARE_BENCH_STATE_DIR || undefined;
  const cloud = await startLocalCloud({
    projectDir: process.cwd(),
    port: 0,
    inMemory: stateDir === undefined,
    stateDir,
    outputsFile: false,
    synth: false,
    services: [iamService(), createSqsService()],
    reporter: new Reporter({ level: 'silent' }),
  });
  console.log(JSON.stringify({ endpoint: cloud.endpoint }));
  process.stdin.resume();
  process.stdin.on('end', () => void cloud.stop().then(() => process.exit(0)));
}

async function startServer(stateDir: string | undefined): Promise<{ endpoint: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, FLARE_BENCH_SERVE: '1', FLARE_BENCH_STATE_DIR: stateDir ?? '' },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith('{')) return { endpoint: (JSON.parse(line) as { endpoint: string }).endpoint, stop: () => child.stdin!.end() };
  }
  throw new Error('the local cloud process ended early');
}

async function measure(label: string, stateDir: string | undefined): Promise<void> {
  const server = await startServer(stateDir);
  const sqs = new SQSClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench' }));
    const body = JSON.stringify({ alert: 'HighErrorRate', labels: { service: 'checkout', severity: 'critical' }, fingerprint: 'a1b2c3d4' });
    report(`SendMessage (${label})`, await sample(N, () => sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }))), 'p50 ≤ 2 ms');
    const handles: string[] = [];
    report(
      `ReceiveMessage, 1 waiting (${label})`,
      await sample(N, async () => {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 }));
        handles.push(...Messages.map((message) => message.ReceiptHandle!));
      }, 0),
      'p50 ≤ 2 ms',
    );
    report(`DeleteMessage (${label})`, await sample(Math.min(N, handles.length), (i) => sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: handles[i] })), 0));
  } finally {
    sqs.destroy();
    server.stop();
  }
}

if (process.env.FLARE_BENCH_SERVE) {
  await serve();
} else {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'flare-bench-sqs-'));
  try {
    await measure('on disk', stateDir);
    await measure('in memory', undefined);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
