/**
 * Local EventBridge and SNS (issue 17's targets):
 *   - pattern matching in process: events per second against 200 rules (target ≥ 20,000/s);
 *   - PutEvents → Lambda target: from sending PutEvents to the function's first log line
 *     (target p50 ≤ 5 ms);
 *   - SNS Publish → 100 subscriptions with filter policies: from sending Publish until every
 *     matching delivery has settled (SMS into the outbox; target p99 ≤ 100 ms).
 * Each figure is taken over several runs and printed as a range; nothing is asserted.
 */
import path from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { Reporter, startLocalCloud } from '../local';
import { createEventsService } from '../local/events';
import { iamService } from '../local/iam';
import { createLambdaService } from '../local/lambda';
import { compilePattern, matchesPattern } from '../local/patterns';
import { createSnsService, type SnsLocalService } from '../local/sns';
import { summarize } from './stats';

const RUNS = 5;
const ms = (value: number) => `${value.toFixed(2)} ms`;
const range = (values: number[], format: (v: number) => string) => `${format(Math.min(...values))} – ${format(Math.max(...values))}`;

// 1. Matching: 200 rules of the shapes Flare's bus would hold, 10,000 events.
const sources = ['flare.incidents', 'flare.audit', 'flare.status', 'flare.paging', 'aws.events'];
const types = ['Incident Triggered', 'Incident Acknowledged', 'Incident Escalated', 'Incident Resolved', 'Note Added'];
const patterns = Array.from({ length: 200 }, (_, i) => {
  const base = { source: [sources[i % sources.length]], 'detail-type': [types[i % types.length]] };
  switch (i % 4) {
    case 0:
      return { ...base, detail: { severity: [{ numeric: ['<=', (i % 4) + 1] }] } };
    case 1:
      return { ...base, detail: { service: [{ prefix: `svc-${i % 10}` }] } };
    case 2:
      return { ...base, detail: { status: [{ 'anything-but': ['RESOLVED', 'CLOSED'] }], responder: [{ exists: true }] } };
    default:
      return { ...base, detail: { tags: ['db', 'eu'], severity: [1, 2] } };
  }
}).map((pattern) => compilePattern(JSON.stringify(pattern)));
const events = Array.from({ length: 10_000 }, (_, i) => ({
  version: '0',
  id: `e-${i}`,
  source: sources[i % sources.length],
  'detail-type': types[(i * 7) % types.length],
  account: '000000000000',
  time: '2026-01-05T08:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { severity: (i % 5) + 1, service: `svc-${i % 13}`, status: i % 3 ? 'OPEN' : 'RESOLVED', responder: i % 2 ? 'ana' : undefined, tags: i % 2 ? ['db'] : ['web'] },
}));
const rates: number[] = [];
let matched = 0;
for (let run = 0; run < RUNS + 1; run++) {
  const start = performance.now();
  for (const event of events) for (const pattern of patterns) if (matchesPattern(pattern, event)) matched++;
  const seconds = (performance.now() - start) / 1000;
  if (run > 0) rates.push(events.length / seconds); // the first run warms the JIT
}
console.log(`pattern matching, 200 rules: ${range(rates, (v) => `${Math.round(v).toLocaleString('en')} events/s`)} over ${RUNS} runs of 10,000 events (${matched} matches)  target ≥ 20,000/s`);

// 2 and 3 on one local cloud with the events fixture.
const lambdaSeen = new Map<string, () => void>();
/** Ids logged before the bench registered its wait (the delivery may beat PutEvents' answer). */
const early = new Set<string>();
const reporter = new Reporter({
  level: 'info',
  sinks: [
    (record) => {
      if (record.service !== 'lambda:recorder' || !record.message.startsWith('EVENT ')) return;
      const id = /"id":"([^"]+)"/.exec(record.message)?.[1];
      if (!id) return;
      const seen = lambdaSeen.get(id);
      if (seen) seen();
      else early.add(id);
    },
  ],
});
const cloud = await startLocalCloud({
  projectDir: process.cwd(),
  cdkOut: path.resolve('tests/fixtures/events-bus'),
  port: 0,
  inMemory: true,
  synth: false,
  outputsFile: false,
  reporter,
  services: [iamService(), createLambdaService({ hotReload: false }), createSnsService(), createEventsService()],
});
const config = { endpoint: cloud.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
try {
  const eventbridge = new EventBridgeClient(config);
  const p50s: number[] = [];
  const p95s: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const samples: number[] = [];
    for (let i = 0; i < 60; i++) {
      let seen!: () => void;
      const delivered = new Promise<void>((resolve) => (seen = resolve));
      const start = performance.now();
      const result = await eventbridge.send(new PutEventsCommand({ Entries: [{ EventBusName: 'incidents', Source: 'flare.incidents', DetailType: 'Incident Triggered', Detail: JSON.stringify({ id: `INC-${i}`, severity: 1 }) }] }));
      // The rule's `Whole` target logs the event, its id first.
      const id = result.Entries![0].EventId!;
      if (early.has(id)) seen();
      else lambdaSeen.set(id, seen);
      await Promise.race([delivered, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (i >= 10) samples.push(performance.now() - start);
    }
    const summary = summarize(samples);
    p50s.push(summary.p50);
    p95s.push(summary.p95);
  }
  console.log(`PutEvents → Lambda target (function's log line): p50 ${range(p50s, ms)}, p95 ${range(p95s, ms)} over ${RUNS} runs of 50  target p50 ≤ 5 ms`);

  const sns = new SNSClient(config);
  const service = cloud.services.get<SnsLocalService>('sns');
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'bench' }));
  for (let i = 0; i < 100; i++) {
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sms', Endpoint: `+1555555${String(i).padStart(4, '0')}`, Attributes: { FilterPolicy: JSON.stringify({ responderId: [`r${i % 20}`], severity: [{ numeric: ['<=', 2] }] }) } }));
  }
  const publishP99: number[] = [];
  const publishP50: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const samples: number[] = [];
    for (let i = 0; i < 60; i++) {
      const start = performance.now();
      await sns.send(new PublishCommand({ TopicArn, Message: `page ${i}`, MessageAttributes: { responderId: { DataType: 'String', StringValue: `r${i % 20}` }, severity: { DataType: 'Number', StringValue: '1' } } }));
      await service.idle();
      if (i >= 10) samples.push(performance.now() - start);
    }
    const summary = summarize(samples);
    publishP50.push(summary.p50);
    publishP99.push(summary.p99);
  }
  console.log(`SNS Publish → 100 filtered subscriptions (5 match, into the outbox): p50 ${range(publishP50, ms)}, p99 ${range(publishP99, ms)} over ${RUNS} runs of 50  target p99 ≤ 100 ms`);
} finally {
  await cloud.stop();
}
