/**
 * Traces of the local cloud itself, on the X-Ray fixture (tests/fixtures/xray): a request that
 * enters through a REST API stage with tracing reaches a function with `TracingConfig: Active`
 * and produces one trace of connected segments (the stage, `AWS::Lambda`, `AWS::Lambda::Function`
 * and the function's own Powertools subsegment, sent to the daemon); a failing function marks its
 * segment as a fault with the cause; a message the function sends carries the trace to the
 * queue's consumer. Read back through the real X-Ray client.
 */
import { BatchGetTracesCommand, GetTraceGraphCommand, GetTraceSummariesCommand, XRayClient } from '@aws-sdk/client-xray';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../local';
import { defaultServices } from '../../../local/services';
import type { SegmentDocument } from '../../../local/tracing';
import { traces } from '../../../local/cli/traces';
import type { LogRecord } from '../../../local/reporter';
import { clientConfig, recordingReporter, startTestCloud } from '../../helpers/cloud';

const FIXTURE = path.resolve('tests/fixtures/xray');
const SERVICES = ['iam', 'xray', 'ssm', 'sqs', 'lambda', 'apigateway'];

const newRoot = () => `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

describe('traces of the local cloud', () => {
  let cloud: LocalCloud;
  let xray: XRayClient;
  let restApiId: string;

  beforeAll(async () => {
    cloud = await startTestCloud({ projectDir: FIXTURE, synth: false, services: defaultServices().filter((service) => SERVICES.includes(service.name)), reporter: new Reporter({ level: 'silent' }) });
    xray = new XRayClient(clientConfig(cloud));
    const api = cloud.assembly.ofType('AWS::ApiGateway::RestApi').find((resource) => resource.logicalId.startsWith('TracedRestApi'));
    if (!api) throw new Error('the xray fixture holds no REST API TracedRestApi*: is tests/fixtures/xray synthesized?');
    restApiId = api.ref();
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  /** Calls the REST API with a sampled trace header; the answer and the root it continued. */
  async function callApi(route: string) {
    const root = newRoot();
    const response = await fetch(`${cloud.endpoint}/_aws/execute-api/${restApiId}/prod${route}`, { headers: { 'X-Amzn-Trace-Id': `Root=${root};Sampled=1` } });
    return { root, response, body: await response.text() };
  }

  /** The trace's segments (subsegments folded in) once `ready` holds of them; the daemon and the consumer take their time. */
  async function segmentsOf(root: string, ready: (segments: SegmentDocument[]) => boolean): Promise<SegmentDocument[]> {
    let segments: SegmentDocument[] = [];
    for (let attempt = 0; attempt < 200; attempt++) {
      const { Traces } = await xray.send(new BatchGetTracesCommand({ TraceIds: [root] }));
      segments = (Traces?.[0]?.Segments ?? []).map((segment) => JSON.parse(segment.Document!) as SegmentDocument);
      if (ready(segments)) return segments;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`trace ${root} never became complete: ${JSON.stringify(segments.map((segment) => [segment.name, segment.origin]))}`);
  }

  const byOrigin = (segments: SegmentDocument[], origin: string) => segments.filter((segment) => segment.origin === origin);
  const hasWork = (segment: SegmentDocument | undefined) => segment?.subsegments?.some((sub) => sub.name === '## work') === true;

  it('connects the stage, Lambda, the function and the function’s own Powertools subsegment in one trace', async () => {
    const { root, response, body } = await callApi('/hello');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-trace-id')).toContain(`Root=${root}`);
    const seen = JSON.parse(body) as { traceHeader: string; daemon: string };
    expect(seen.daemon).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(seen.traceHeader).toMatch(new RegExp(`^Root=${root};Parent=[0-9a-f]{16};Sampled=1`));

    const segments = await segmentsOf(root, (found) => hasWork(byOrigin(found, 'AWS::Lambda::Function')[0]));
    const [stage] = byOrigin(segments, 'AWS::ApiGateway::Stage');
    const [lambda] = byOrigin(segments, 'AWS::Lambda');
    const [fn] = byOrigin(segments, 'AWS::Lambda::Function');
    expect(stage).toMatchObject({ name: 'tracedRestApi/prod', http: { request: { method: 'GET' }, response: { status: 200 } } });
    expect(stage.parent_id).toBeUndefined();
    expect(lambda.parent_id).toBe(stage.id);
    expect(fn.parent_id).toBe(lambda.id);
    expect(seen.traceHeader).toContain(`Parent=${fn.id}`);
    expect(fn.subsegments!.map((sub) => sub.name)).toEqual(expect.arrayContaining(['Invocation', 'Overhead', '## work']));
    expect(fn.fault).toBeUndefined();
    const work = fn.subsegments!.find((sub) => sub.name === '## work')!;
    expect(work.annotations).toMatchObject({ fixture: 'traced' });

    const { Services } = await xray.send(new GetTraceGraphCommand({ TraceIds: [root] }));
    const node = (type: string) => Services!.find((service) => service.Type === type)!;
    expect(node('AWS::ApiGateway::Stage').Root).toBe(true);
    expect(node('AWS::ApiGateway::Stage').Edges!.map((edge) => edge.ReferenceId)).toEqual([node('AWS::Lambda').ReferenceId]);
    expect(node('AWS::Lambda').Edges!.map((edge) => edge.ReferenceId)).toEqual([node('AWS::Lambda::Function').ReferenceId]);

    const { TraceSummaries } = await xray.send(new GetTraceSummariesCommand({ StartTime: new Date(Date.now() - 60_000), EndTime: new Date(Date.now() + 60_000), FilterExpression: 'service("tracedRestApi/prod") AND annotation.fixture = "traced" AND !fault' }));
    expect(TraceSummaries!.map((summary) => summary.Id)).toContain(root);
  });

  it('marks a failing function’s segment as a fault, with the error as the cause', async () => {
    const { root, response } = await callApi('/fail');
    expect(response.status).toBe(502);
    const segments = await segmentsOf(root, (found) => byOrigin(found, 'AWS::Lambda::Function').length > 0 && byOrigin(found, 'AWS::ApiGateway::Stage').length > 0);
    const [fn] = byOrigin(segments, 'AWS::Lambda::Function');
    expect(fn.fault).toBe(true);
    expect(fn.cause).toMatchObject({ exceptions: [{ type: 'Error', message: 'the traced fixture failed on purpose' }] });
    expect(fn.subsegments!.find((sub) => sub.name === 'Invocation')).toMatchObject({ fault: true });
    expect(byOrigin(segments, 'AWS::ApiGateway::Stage')[0]).toMatchObject({ fault: true, http: { response: { status: 502 } } });
    const { TraceSummaries } = await xray.send(new GetTraceSummariesCommand({ StartTime: new Date(Date.now() - 60_000), EndTime: new Date(Date.now() + 60_000), FilterExpression: 'fault AND service("tracedRestApi/prod")' }));
    expect(TraceSummaries!.find((summary) => summary.Id === root)).toMatchObject({ HasFault: true });
  });

  it('prints the last traces as indented timelines (flare-local traces, read through the X-Ray API)', async () => {
    const { root } = await callApi('/fail');
    await segmentsOf(root, (found) => byOrigin(found, 'AWS::Lambda::Function').length > 0 && byOrigin(found, 'AWS::ApiGateway::Stage').length > 0);
    const records: LogRecord[] = [];
    await traces.run({ values: { endpoint: cloud.endpoint, count: '1', filter: 'fault' }, positionals: [], reporter: recordingReporter(records, 'info') });
    const printed = records.map((record) => record.message).join('\n').split('\n');
    expect(printed[0]).toMatch(new RegExp(`^trace ${root}  \\d+ ms  fault$`));
    const line = (pattern: RegExp) => printed.find((text) => pattern.test(text));
    expect(line(/^  \+0 ms\s+\d+ ms tracedRestApi\/prod AWS::ApiGateway::Stage 502 FAULT$/)).toBeDefined();
    expect(line(/^    \+\d+ ms\s+\d+ ms \S+ AWS::Lambda 200$/)).toBeDefined();
    expect(line(/^      \+\d+ ms\s+\d+ ms \S+ AWS::Lambda::Function FAULT: the traced fixture failed on purpose$/)).toBeDefined();
    expect(line(/^        \+\d+ ms\s+\d+ ms Invocation FAULT: the traced fixture failed on purpose$/)).toBeDefined();
  });

  it('carries the trace through SQS (AWSTraceHeader) to the queue’s consumer', async () => {
    const { root, response } = await callApi('/enqueue');
    expect(response.status).toBe(200);
    const segments = await segmentsOf(root, (found) => byOrigin(found, 'AWS::Lambda::Function').length === 2);
    const functions = byOrigin(segments, 'AWS::Lambda::Function').map((segment) => segment.name);
    expect(functions).toHaveLength(2);
    expect(new Set(functions).size).toBe(2);
    // The consumer's invocation hangs under the traced function's SQS call (Powertools' subsegment for SendMessage).
    const ids = new Set<string>();
    const collect = (document: SegmentDocument) => {
      ids.add(document.id);
      for (const sub of document.subsegments ?? []) collect(sub);
    };
    segments.forEach(collect);
    const consumerLambda = byOrigin(segments, 'AWS::Lambda').find((segment) => segment.name !== byOrigin(segments, 'AWS::Lambda')[0].name || segment.start_time > byOrigin(segments, 'AWS::Lambda')[0].start_time)!;
    expect(consumerLambda.parent_id && ids.has(consumerLambda.parent_id)).toBe(true);
  });
});
