import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateArchiveCommand,
  DeleteRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { createEventsService, type EventsLocalService } from '../../../local/events';
import { iamService } from '../../../local/iam';
import type { IamService } from '../../../local/iam/types';
import { createLambdaService } from '../../../local/lambda';
import type { LogRecord } from '../../../local/reporter';
import { eventually } from '../../helpers/eventually';
import { clientConfig, recordingReporter, roleArn, startTestCloud } from '../../helpers/cloud';

const FIXTURE = path.resolve('tests/fixtures/events-bus');
const BUS_ARN = 'arn:aws:events:us-east-1:000000000000:event-bus/incidents';

function startCloud(records: LogRecord[], options: { stateDir?: string; retryBaseMs?: number } = {}): Promise<LocalCloud> {
  return startTestCloud({
    cdkOut: FIXTURE,
    stateDir: options.stateDir,
    services: [iamService(), createLambdaService({ hotReload: false }), createEventsService({ retryBaseMs: options.retryBaseMs ?? 20 })],
    reporter: recordingReporter(records),
  });
}

/** What a function logged with `prefix` (`EVENT {…}`), parsed, in order. */
function logged(records: LogRecord[], fn: string, prefix: string): unknown[] {
  return records.filter((r) => r.service === `lambda:${fn}` && r.message.startsWith(`${prefix} `)).map((r) => JSON.parse(r.message.slice(prefix.length + 1)) as unknown);
}


/**
 * The webhook behind the fixture's API destination (http://127.0.0.1:4681/hook/*): answers by the
 * event's `detail.mode` (`fail-twice`, `fail-once`: 500 first; `always`: 500), and keeps every call.
 */
function webhook(port: number) {
  const calls: { id: string; path: string; key?: string; userAgent?: string; body: string; status: number }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const event = JSON.parse(body) as { id: string; detail: { mode?: string } };
      const earlier = calls.filter((call) => call.id === event.id).length;
      const mode = event.detail.mode;
      const status = mode === 'always' || (mode === 'fail-twice' && earlier < 2) || (mode === 'fail-once' && earlier < 1) ? 500 : 200;
      calls.push({ id: event.id, path: request.url ?? '', key: request.headers['x-flare-key'] as string | undefined, userAgent: request.headers['user-agent'], body, status });
      response.writeHead(status).end();
    });
  });
  return {
    calls: (id: string) => calls.filter((call) => call.id === id),
    listen: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
const hook = webhook(4681);

const entry = (detailType: string, detail: object, source = 'flare.incidents') => ({ EventBusName: 'incidents', Source: source, DetailType: detailType, Detail: JSON.stringify(detail) });

describe('the local EventBridge, on a custom bus from the assembly', () => {
  let cloud: LocalCloud;
  let events: EventBridgeClient;
  const records: LogRecord[] = [];
  const recorded = (predicate: (event: Record<string, unknown>) => boolean) => (logged(records, 'recorder', 'EVENT') as Record<string, unknown>[]).filter(predicate);

  beforeAll(async () => {
    await hook.listen();
    cloud = await startCloud(records);
    events = new EventBridgeClient(clientConfig(cloud));
  });
  afterAll(async () => {
    await cloud?.stop();
    await hook.close();
  });

  it('names what it does not run, and why, at start', () => {
    const summary = cloud.services.get<EventsLocalService>('events').summary();
    expect(summary).toContain('RemoteDestination (its endpoint https://hooks.example.com/x is not on this machine: the local cloud calls only loopback addresses)');
    expect(summary).toContain('2 buses (default, incidents)');
    expect(summary).toMatch(/NOT run: .*BadPattern \(Event pattern is not valid\. Reason: /);
    expect(summary).toContain('EcsTarget target Cluster (arn:aws:ecs:us-east-1:000000000000:cluster/jobs: that kind of target is not run locally)');
  });

  it('delivers a matching event to a Lambda target whole, and through an input transformer', async () => {
    // Act
    const result = await events.send(new PutEventsCommand({ Entries: [entry('Incident Triggered', { id: 'INC-1', severity: 1 })] }));

    // Assess
    expect(result.FailedEntryCount).toBe(0);
    const eventId = result.Entries?.[0].EventId;
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    const [whole] = await eventually(() => (recorded((event) => event.id === eventId).length ? recorded((event) => event.id === eventId) : undefined));
    expect(whole).toMatchObject({ version: '0', source: 'flare.incidents', 'detail-type': 'Incident Triggered', account: '000000000000', region: 'us-east-1', resources: [], detail: { id: 'INC-1', severity: 1 } });
    expect(whole.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const [page] = await eventually(() => (recorded((event) => event.page === 'INC-1').length ? recorded((event) => event.page === 'INC-1') : undefined));
    expect(page).toEqual({ page: 'INC-1', text: 'SEV1 opened: INC-1', severity: 1 });
  });

  it('does not deliver what the pattern does not match (a numeric range)', async () => {
    // Act: severity 3 misses `numeric <= 2`; a later severity 2 is matched
    await events.send(new PutEventsCommand({ Entries: [entry('Incident Triggered', { id: 'INC-3', severity: 3 }), entry('Incident Triggered', { id: 'INC-2', severity: 2 })] }));

    // Assess: once INC-2 is in, INC-3 would have been too (same lane, in order)
    await eventually(() => recorded((event) => event.page === 'INC-2').length > 0);
    expect(recorded((event) => event.page === 'INC-3' || (event.detail as { id?: string })?.id === 'INC-3')).toEqual([]);
  });

  it('gives an InputPath target the selected part and an Input target its constant (bus named by ARN, prefix match)', async () => {
    // Act
    await events.send(new PutEventsCommand({ Entries: [{ ...entry('Incident Resolved', { id: 'INC-1', by: 'ana' }, 'flare.app'), EventBusName: BUS_ARN }] }));

    // Assess
    await eventually(() => recorded((event) => event.by === 'ana').length > 0 && recorded((event) => event.constant === true).length > 0);
    expect(recorded((event) => event.by === 'ana')).toEqual([{ id: 'INC-1', by: 'ana' }]);
  });

  it('answers each bad entry in its own result, and takes the good ones', async () => {
    // Act
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'incidents', DetailType: 'x', Detail: '{}' },
          { EventBusName: 'incidents', Source: 'flare.incidents', DetailType: 'x', Detail: '[1]' },
          { EventBusName: 'nowhere', Source: 'flare.incidents', DetailType: 'x', Detail: '{}' },
          { EventBusName: 'incidents', Source: 'flare.incidents', DetailType: 'x' },
          entry('Incident Note', { id: 'INC-1' }),
        ],
      }),
    );

    // Assess
    expect(result.FailedEntryCount).toBe(4);
    expect(result.Entries?.slice(0, 4)).toEqual([
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus nowhere does not exist.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' },
    ]);
    expect(result.Entries?.[4].EventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a request over 256 KB, and an empty or too long list of entries, as AWS does', async () => {
    const big = await events.send(new PutEventsCommand({ Entries: [entry('Big', { text: 'x'.repeat(256 * 1024) })] })).catch((e: unknown) => e);
    expect(big).toMatchObject({ name: 'ValidationException', message: 'Total size of the entries in the request is over the limit.' });
    const empty = await events.send(new PutEventsCommand({ Entries: [] })).catch((e: unknown) => e);
    expect(empty).toMatchObject({ name: 'ValidationException', message: "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1" });
    const eleven = await events.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry('x', {})) })).catch((e: unknown) => e);
    expect(eleven).toMatchObject({ name: 'ValidationException' });
    expect((eleven as Error).message).toMatch(/^1 validation error detected: Value '.*' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10$/);
  });

  it('TestEventPattern answers by the same matcher, and refuses a malformed pattern with EventBridge’s reason', async () => {
    const event = JSON.stringify({ id: '1', account: '000000000000', source: 'flare.incidents', time: '2026-01-01T00:00:00Z', region: 'us-east-1', resources: [], 'detail-type': 'Incident Triggered', detail: { severity: 2, tags: ['db', 'eu'] } });
    const test = (EventPattern: string) => events.send(new TestEventPatternCommand({ EventPattern, Event: event }));
    expect((await test('{"detail": {"severity": [{"numeric": ["<=", 2]}], "tags": ["eu"]}}')).Result).toBe(true);
    expect((await test('{"detail": {"severity": [{"anything-but": 2}]}}')).Result).toBe(false);
    const bad = await test('{"source": "flare.incidents"}').catch((e: unknown) => e);
    expect(bad).toMatchObject({ name: 'InvalidEventPatternException' });
    expect((bad as Error).message).toMatch(/^Event pattern is not valid\. Reason: "source" must be an object or an array/);
  });

  it('runs rules and targets put at run time, and lists, describes and deletes them', async () => {
    // Prepare
    const bad = await events.send(new PutRuleCommand({ Name: 'broken', EventBusName: 'incidents', EventPattern: '{"detail": {"x": [{"numeric": [">", "a"]}]}}' })).catch((e: unknown) => e);
    expect(bad).toMatchObject({ name: 'InvalidEventPatternException' });
    const neither = await events.send(new PutRuleCommand({ Name: 'empty', EventBusName: 'incidents' })).catch((e: unknown) => e);
    expect(neither).toMatchObject({ name: 'ValidationException', message: 'Parameter(s) EventPattern or ScheduleExpression must be specified.' });
    const { RuleArn } = await events.send(new PutRuleCommand({ Name: 'acks', EventBusName: 'incidents', EventPattern: JSON.stringify({ 'detail-type': [{ 'equals-ignore-case': 'incident acknowledged' }] }) }));
    expect(RuleArn).toBe('arn:aws:events:us-east-1:000000000000:rule/incidents/acks');
    const recorder = String(cloud.assembly.ofType('AWS::Lambda::Function').find((r) => r.logicalId === 'Recorder')!.getAtt('Arn'));
    const put = await events.send(new PutTargetsCommand({ Rule: 'acks', EventBusName: 'incidents', Targets: [{ Id: 'r', Arn: recorder, InputTransformer: { InputPathsMap: { who: '$.detail.by' }, InputTemplate: '{"acked": <who>}' } }] }));
    expect(put.FailedEntryCount).toBe(0);

    // Act
    await events.send(new PutEventsCommand({ Entries: [entry('Incident Acknowledged', { by: 'bo' })] }));

    // Assess
    await eventually(() => recorded((event) => event.acked === 'bo').length > 0);
    expect(await events.send(new DescribeRuleCommand({ Name: 'acks', EventBusName: 'incidents' }))).toMatchObject({ Name: 'acks', Arn: RuleArn, EventBusName: 'incidents', State: 'ENABLED' });
    const listed = await events.send(new ListRulesCommand({ EventBusName: 'incidents', NamePrefix: 'a' }));
    expect(listed.Rules?.map((rule) => rule.Name)).toEqual(['acks']);
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'acks', EventBusName: 'incidents' }))).Targets?.map((t) => t.Id)).toEqual(['r']);
    const refused = await events.send(new DeleteRuleCommand({ Name: 'acks', EventBusName: 'incidents' })).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'ValidationException', message: "Rule can't be deleted since it has targets." });
    await events.send(new RemoveTargetsCommand({ Rule: 'acks', EventBusName: 'incidents', Ids: ['r'] }));
    await events.send(new DeleteRuleCommand({ Name: 'acks', EventBusName: 'incidents' }));
    const gone = await events.send(new DescribeRuleCommand({ Name: 'acks', EventBusName: 'incidents' })).catch((e: unknown) => e);
    expect(gone).toMatchObject({ name: 'ResourceNotFoundException', message: 'Rule acks does not exist on EventBus incidents.' });
  });

  it('leaves a function’s error to Lambda’s own retries: the bus has delivered once the invocation is queued', async () => {
    // Act
    const result = await events.send(new PutEventsCommand({ Entries: [entry('Boom', {}, 'flare.fail')] }));
    const id = result.Entries![0].EventId!;

    // Assess
    await eventually(() => records.some((r) => r.service === 'lambda:failer' && r.message === `ATTEMPT ${id}`));
    await eventually(() => records.some((r) => r.service === 'lambda:failer' && r.level === 'warn' && r.message.startsWith('asynchronous invocation failed')));
    await cloud.services.get<EventsLocalService>('events').idle();
    expect(records.filter((r) => r.service === 'events' && r.level !== 'debug' && r.message.includes('rule failing'))).toEqual([]);
  });

  it('calls an API destination with the connection’s key and the path parameter, retrying a 500 with backoff', async () => {
    // Act: the hook answers 500 twice, then 200
    const result = await events.send(new PutEventsCommand({ Entries: [entry('Hook', { mode: 'fail-twice' }, 'flare.hook')] }));
    const id = result.Entries![0].EventId!;

    // Assess
    const calls = await eventually(() => (hook.calls(id).length >= 3 ? hook.calls(id) : undefined));
    expect(calls.map((call) => call.status)).toEqual([500, 500, 200]);
    expect(calls[0]).toMatchObject({ path: '/hook/incidents', key: 's3cret', userAgent: 'Amazon/EventBridge/ApiDestinations' });
    expect(JSON.parse(calls[0].body)).toMatchObject({ id, source: 'flare.hook', detail: { mode: 'fail-twice' } });
  });

  it('gives up on a hook that keeps failing after its retry policy, without holding up other deliveries', async () => {
    // Act
    const failing = (await events.send(new PutEventsCommand({ Entries: [entry('Hook', { mode: 'always' }, 'flare.hook')] }))).Entries![0].EventId!;
    const other = (await events.send(new PutEventsCommand({ Entries: [entry('Incident Resolved', { id: 'INC-99', by: 'cy' }, 'flare.app')] }))).Entries![0].EventId!;

    // Assess
    await eventually(() => recorded((event) => event.by === 'cy').length > 0);
    const given = await eventually(() => records.find((r) => r.service === 'events' && r.level === 'error' && r.message.includes(`event ${failing} not delivered after 3 attempt(s)`)));
    expect(given.message).toContain('HTTP 500');
    expect(hook.calls(failing)).toHaveLength(3);
    expect(other).toBeDefined();
  });

  it('stops a rule whose target puts the event back on the bus it listens to', async () => {
    // Act
    await events.send(new PutEventsCommand({ Entries: [entry('Loop', { round: 0 }, 'flare.loop')] }));

    // Assess: stopped after 16 rounds, reported as a loop
    const stopped = await eventually(() => records.find((r) => r.service === 'events' && r.level === 'error' && r.message.includes('LoopDetected')), 60_000);
    expect(stopped.message).toMatch(/has come round rule arn:aws:events:us-east-1:000000000000:rule\/incidents\/loop 16 times/);
    const rounds = records.filter((r) => r.service === 'lambda:republisher' && r.message.startsWith('ROUND '));
    expect(rounds).toHaveLength(16);
  }, 90_000);

  it('fails a delivery to a service this cloud does not run, naming it', async () => {
    await events.send(new PutEventsCommand({ Entries: [entry('To topic', {}, 'flare.topic')] }));
    const failed = await eventually(() => records.find((r) => r.service === 'events' && r.level === 'error' && r.message.includes('rule to-topic target Topic')));
    expect(failed.message).toContain('ServiceNotRunning: no local SNS service runs in this local cloud, so nothing can be delivered to arn:aws:sns:us-east-1:000000000000:pages');
  });

  it('answers what it does not implement with an error naming it', async () => {
    const error = await events.send(new CreateArchiveCommand({ ArchiveName: 'all', EventSourceArn: BUS_ARN })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'UnknownOperationException' });
    expect((error as Error).message).toContain('CreateArchive');
  });

  it('authorizes PutEvents by the caller’s policies on the bus', async () => {
    // Prepare: the functions' role may put events on `incidents` only
    const iam = cloud.services.get<IamService>('iam');
    const credentials = iam.issueRoleCredentials(roleArn(cloud, 'FunctionRole'), { sessionName: 'test' });
    const asRole = new EventBridgeClient(clientConfig(cloud, credentials));

    // Act
    const allowed = await asRole.send(new PutEventsCommand({ Entries: [entry('Incident Note', {})] }));
    const denied = await asRole.send(new PutEventsCommand({ Entries: [{ ...entry('Incident Note', {}), EventBusName: 'default' }] })).catch((e: unknown) => e);

    // Assess
    expect(allowed.FailedEntryCount).toBe(0);
    expect(denied).toMatchObject({ name: 'AccessDeniedException' });
    expect((denied as Error).message).toContain('events:PutEvents on resource: arn:aws:events:us-east-1:000000000000:event-bus/default');
  });
});

describe('the local EventBridge across a restart', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'flare-events-'));
  beforeAll(() => hook.listen());
  afterAll(async () => {
    await hook.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('delivers again what a stop left unsettled (at least once)', async () => {
    // Prepare: a failing target whose retry waits long, so the delivery is still unsettled at stop
    const first: LogRecord[] = [];
    const cloud = await startCloud(first, { stateDir, retryBaseMs: 60_000 });
    const events = new EventBridgeClient(clientConfig(cloud));
    const id = (await events.send(new PutEventsCommand({ Entries: [entry('Hook', { mode: 'fail-once' }, 'flare.hook')] }))).Entries![0].EventId!;
    await eventually(() => hook.calls(id).length === 1);
    await cloud.stop();

    // Act
    const second: LogRecord[] = [];
    const restarted = await startCloud(second, { stateDir, retryBaseMs: 60_000 });
    try {
      // Assess
      const calls = await eventually(() => (hook.calls(id).length >= 2 ? hook.calls(id) : undefined));
      expect(calls.map((call) => call.status)).toEqual([500, 200]);
      expect(restarted.services.get<EventsLocalService>('events').summary()).toContain('1 unsettled delivery(ies) resumed');
    } finally {
      await restarted.stop();
    }
  });
});
