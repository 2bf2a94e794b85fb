/**
 * Real-time targets (issue 5):
 *  - 1,000 concurrent subscribers across 100 connections on one mutation: all
 *    delivered; mutation-to-delivery p99 (target ≤ 100 ms on 2 cores);
 *  - memory per idle connection (target ≤ 50 KB).
 * Subscribers live in a child process so their cost is not counted as the server's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn } from 'aws-amplify/auth';
import { Reporter, startLocalCloud } from '../local';
import { amplifyConfig } from '../local/client';
import { createUser, TEST_PASSWORD } from '../tests/helpers/flare-users';
import { report, summarize } from './stats';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const cloud = await startLocalCloud({ projectDir: process.cwd(), port: 0, inMemory: true, synth: false, outputsFile: false, reporter: new Reporter({ level: 'error' }) });
const data = cloud.outputs.data!;
const realtimeUrl = `${data.url.replace(/^http/, 'ws')}/realtime`;
const host = new URL(data.url).host;

Amplify.configure(amplifyConfig(cloud.outputs));
await createUser(cloud, 'bench-admin@example.com', ['ADMINS']);
await signIn({ username: 'bench-admin@example.com', password: TEST_PASSWORD });
const token = (await fetchAuthSession()).tokens!.accessToken.toString();

function subscribers(connections: number, perConnection: number): Promise<{ child: ChildProcess; lines: AsyncIterableIterator<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', 'clients', 'realtime-subscribers.ts'), realtimeUrl, host, data.api_key!, String(connections), String(perConnection)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return lines.next().then(({ value }) => {
    if (value !== 'ready') throw new Error(`subscriber process said ${value}`);
    return { child, lines };
  });
}

async function createService(name: string): Promise<number> {
  const sentAt = performance.timeOrigin + performance.now();
  const response = await fetch(data.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ query: 'mutation ($name: String!) { addService(name: $name, status: OPERATIONAL) { id name status } }', variables: { name } }),
  });
  const body = (await response.json()) as { errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return sentAt;
}

// 1) 1,000 subscribers on 100 connections, 20 mutations one after another.
const { child, lines } = await subscribers(100, 10);
const sent = new Map<string, number>();
const rounds = 20;
for (let i = 0; i < rounds; i++) {
  const name = `bench-${i}`;
  sent.set(name, await createService(name));
  await new Promise((resolve) => setTimeout(resolve, 150));
}
await new Promise((resolve) => setTimeout(resolve, 1000));
child.stdin!.write('report\n');
const line = (await lines.next()).value as string;
let arrivals: { name: string; at: number }[];
try {
  arrivals = JSON.parse(line) as typeof arrivals;
} catch {
  throw new Error(`the subscriber process sent an unreadable report (${line.length} characters)`);
}
const latencies = arrivals.map((a) => a.at - sent.get(a.name)!);
console.log(`delivered ${arrivals.length} of ${rounds * 1000} messages (${rounds} mutations × 1,000 subscribers on 100 connections)`);
report('mutation → delivery, all subscribers', latencies, 'p99 ≤ 100 ms');
const lastPerRound = [...sent.keys()].map((name) => Math.max(...arrivals.filter((a) => a.name === name).map((a) => a.at)) - sent.get(name)!);
report('mutation → last of 1,000 delivered', lastPerRound);
await once(child, 'exit');

// 2) Memory per idle connection: server heap and RSS before and after 1,000 idle connections.
const gc = (globalThis as { gc?: () => void }).gc;
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return process.memoryUsage();
};
const before = await settle();
const idle = await subscribers(1000, 0);
const after = await settle();
const perHeap = (after.heapUsed + after.external - before.heapUsed - before.external) / 1000;
const perRss = (after.rss - before.rss) / 1000;
console.log(`idle connection: ${(perHeap / 1024).toFixed(1)} KB heap+external, ${(perRss / 1024).toFixed(1)} KB RSS each over 1,000 connections (target ≤ 50 KB)${gc ? '' : ' (no --expose-gc: less exact)'}`);
idle.child.stdin!.write('report\n');
await idle.lines.next();
console.log(`p50 ${summarize(latencies).p50.toFixed(1)} ms`);
await cloud.stop();
process.exit(0);
