/**
 * The local X-Ray:
 *  1. The daemon's UDP ingest on loopback: 1 KB-class segment documents sent at a paced
 *     20,000/s for 3 s, then as fast as the sender can, each counted into the store (state on
 *     disk, as `npm run local` keeps it). Target ≥ 20,000 segments/s without loss.
 *  2. Tracing on vs off, side by side on the X-Ray fixture (tests/fixtures/xray): a REST API
 *     stage with TracingEnabled in front of a TracingConfig Active function using Powertools'
 *     Tracer, called with `Sampled=1` and `Sampled=0` alternately. Target ≤ 10 % on p50.
 *     (AppSync get/create, which the issue names, does not record segments yet: see the README.)
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Reporter, startLocalCloud } from '../local';
import { iamService } from '../local/iam';
import { defaultServices } from '../local/services';
import { createXrayService } from '../local/xray';
import { report, summarize } from './stats';

const HEADER = '{"format":"json","version":1}\n';

function segment(): string {
  const trace = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  const now = Date.now() / 1000;
  return HEADER + JSON.stringify({ name: 'bench-fn', id: randomBytes(8).toString('hex'), trace_id: trace, start_time: now, end_time: now + 0.01, origin: 'AWS::Lambda::Function', annotations: { bench: 'udp' }, metadata: { padding: 'x'.repeat(600) }, subsegments: [{ name: 'DynamoDB', id: randomBytes(8).toString('hex'), start_time: now, end_time: now + 0.005, namespace: 'aws' }] });
}

/** Child mode: sends `total` segments to the daemon, `perTick` every `tickMs` (0: back to back), then prints how long it took. */
async function send(address: string, total: number, perTick: number, tickMs: number): Promise<void> {
  const [host, port] = address.split(':');
  const socket = createSocket('udp4');
  // Made before the clock starts: the figure is the listener's, not this sender's JSON.
  const messages = Array.from({ length: total }, () => Buffer.from(segment()));
  const started = performance.now();
  for (let sent = 0; sent < total; sent += perTick) {
    await Promise.all(messages.slice(sent, sent + perTick).map((message) => new Promise<void>((resolve) => socket.send(message, Number(port), host, () => resolve()))));
    const due = started + ((sent + perTick) / perTick) * tickMs;
    await new Promise((resolve) => (tickMs > 0 ? setTimeout(resolve, Math.max(0, due - performance.now())) : setImmediate(resolve)));
  }
  console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000 }));
  socket.close();
}

async function ingest(label: string, total: number, perTick: number, tickMs: number): Promise<void> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'flare-xray-bench-'));
  const xray = createXrayService();
  const cloud = await startLocalCloud({ projectDir: process.cwd(), port: 0, stateDir, outputsFile: false, synth: false, services: [iamService(), xray], reporter: new Reporter({ level: 'silent' }) });
  // The sender is a process of its own, as a function's X-Ray SDK is.
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { env: { ...process.env, FLARE_BENCH_SEND: JSON.stringify([xray.daemonAddress, total, perTick, tickMs]) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let seconds = Number.NaN;
  for await (const line of createInterface({ input: child.stdout! })) if (line.startsWith('{')) seconds = (JSON.parse(line) as { seconds: number }).seconds;
  // Wait until nothing more arrives for 300 ms.
  let kept = 0;
  for (let quiet = 0; quiet < 6; ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = Number(/, (\d+) traces/.exec(xray.summary())![1]);
    quiet = now === kept ? quiet + 1 : 0;
    kept = now;
  }
  console.log(`${label.padEnd(44)} sent ${total} in ${seconds.toFixed(2)} s (${Math.round(total / seconds)}/s)  kept ${kept}  lost ${total - kept} (${(((total - kept) / total) * 100).toFixed(2)} %)`);
  await cloud.stop();
  rmSync(stateDir, { recursive: true, force: true });
}

async function tracingCost(n: number): Promise<void> {
  const fixture = path.resolve('tests/fixtures/xray');
  const cloud = await startLocalCloud({
    projectDir: fixture,
    port: 0,
    inMemory: true,
    outputsFile: false,
    synth: false,
    services: defaultServices().filter((service) => ['iam', 'xray', 'ssm', 'sqs', 'lambda', 'apigateway'].includes(service.name)),
    reporter: new Reporter({ level: 'silent' }),
  });
  const api = cloud.assembly.ofType('AWS::ApiGateway::RestApi').find((resource) => resource.logicalId.startsWith('TracedRestApi'))!;
  const url = `${cloud.endpoint}/_aws/execute-api/${api.ref()}/prod/hello`;
  const call = async (sampled: 0 | 1) => {
    const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    const response = await fetch(url, { headers: { 'X-Amzn-Trace-Id': `Root=${root};Sampled=${sampled}` } });
    await response.text();
    if (response.status !== 200) throw new Error(`the traced API answered ${response.status}`);
  };
  for (let i = 0; i < 30; i++) await call((i % 2) as 0 | 1);
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const sampled of (i % 2 === 0 ? [1, 0] : [0, 1]) as (0 | 1)[]) {
      const start = performance.now();
      await call(sampled);
      (sampled ? on : off).push(performance.now() - start);
    }
  }
  report('REST API → Lambda, tracing off (Sampled=0)', off);
  report('REST API → Lambda, tracing on (Sampled=1)', on, '≤ 10 % over off');
  console.log(`${'tracing cost on p50'.padEnd(44)} ${(((summarize(on).p50 - summarize(off).p50) / summarize(off).p50) * 100).toFixed(1)} %`);
  await cloud.stop();
}

if (process.env.FLARE_BENCH_SEND) {
  const [address, total, perTick, tickMs] = JSON.parse(process.env.FLARE_BENCH_SEND) as [string, number, number, number];
  await send(address, total, perTick, tickMs);
} else {
  await ingest('UDP ingest, paced 20,000/s for 3 s', 60_000, 100, 5);
  await ingest('UDP ingest, 30,000/s for 2 s', 60_000, 150, 5);
  await ingest('UDP ingest, as fast as the sender goes', 60_000, 100, 0);
  await tracingCost(300);
}
process.exit(0);
