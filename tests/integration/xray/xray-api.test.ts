/**
 * The local X-Ray's API through the real SDK client: segments put with PutTraceSegments (and
 * sent to the daemon's UDP port) are read back with GetTraceSummaries (filter expressions),
 * BatchGetTraces, GetServiceGraph and GetTraceGraph; the default sampling rule is the
 * documented one; IAM decides who may read and write.
 */
import {
  BatchGetTracesCommand,
  CreateGroupCommand,
  GetSamplingRulesCommand,
  GetSamplingTargetsCommand,
  GetServiceGraphCommand,
  GetTraceGraphCommand,
  GetTraceSummariesCommand,
  PutTraceSegmentsCommand,
  XRayClient,
} from '@aws-sdk/client-xray';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { iamService, type IamService } from '../../../local/iam';
import { createXrayService, type XrayService } from '../../../local/xray';
import { clientConfig, roleArn, startTestCloud } from '../../helpers/cloud';

const id = () => randomBytes(8).toString('hex');
const traceId = (seconds = Math.floor(Date.now() / 1000)) => `1-${seconds.toString(16)}-${randomBytes(12).toString('hex')}`;
const now = () => Date.now() / 1000;

/** A trace of two services: an API segment whose `Lambda` subsegment is the parent of the function's segment, which calls DynamoDB. */
function twoServiceTrace(options: { fault?: boolean; annotation?: string; seconds?: number } = {}) {
  const trace = traceId();
  const start = now() - 1;
  const call = id();
  const api = { name: 'orders-api/prod', id: id(), trace_id: trace, start_time: start, end_time: start + 0.5, origin: 'AWS::ApiGateway::Stage', http: { request: { method: 'POST', url: 'https://api.example/orders' }, response: { status: options.fault ? 502 : 200 } }, subsegments: [{ name: 'Lambda', id: call, start_time: start + 0.01, end_time: start + 0.49, namespace: 'aws' }] };
  const fn = { name: 'orders-fn', id: id(), trace_id: trace, parent_id: call, start_time: start + 0.02, end_time: start + 0.48, origin: 'AWS::Lambda::Function', ...(options.fault && { fault: true, cause: { exceptions: [{ message: 'boom', type: 'Error' }] } }), ...(options.annotation && { annotations: { tenant: options.annotation } }) };
  const dynamo = { name: 'DynamoDB', id: id(), trace_id: trace, parent_id: fn.id, type: 'subsegment', start_time: start + 0.1, end_time: start + (options.seconds ?? 0.2), namespace: 'aws', aws: { operation: 'GetItem', table_name: 'Orders' } };
  return { trace, documents: [api, fn, dynamo] };
}

describe('X-Ray API', () => {
  let cloud: LocalCloud;
  let xray: XRayClient;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), 'flare-xray-'));
    cloud = await startTestCloud({ services: [iamService(), createXrayService()], stateDir });
    xray = new XRayClient(clientConfig(cloud));
  });
  afterAll(async () => {
    await cloud?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  const window = () => ({ StartTime: new Date(Date.now() - 60_000), EndTime: new Date(Date.now() + 60_000) });

  describe('functionality', () => {
    it('reads back a trace put with PutTraceSegments: one entry, subsegments sent alone folded under their parents', async () => {
      const { trace, documents } = twoServiceTrace();
      const put = await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: documents.map((document) => JSON.stringify(document)) }));
      expect(put.UnprocessedTraceSegments).toEqual([]);
      const { Traces, UnprocessedTraceIds } = await xray.send(new BatchGetTracesCommand({ TraceIds: [trace, traceId()] }));
      expect(UnprocessedTraceIds).toHaveLength(1);
      expect(Traces).toHaveLength(1);
      const segments = Traces![0].Segments!.map((segment) => JSON.parse(segment.Document!));
      expect(segments.map((segment) => segment.name)).toEqual(['orders-api/prod', 'orders-fn']);
      expect(segments[1].subsegments).toMatchObject([{ name: 'DynamoDB', aws: { operation: 'GetItem' } }]);
      expect(Traces![0].Duration).toBeCloseTo(0.5, 2);
    });

    it('lists summaries that match filter expressions on service, fault, error, responsetime and annotations', async () => {
      const ok = twoServiceTrace({ annotation: 'acme' });
      const failed = twoServiceTrace({ fault: true, annotation: 'globex' });
      await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [...ok.documents, ...failed.documents].map((document) => JSON.stringify(document)) }));
      const ids = async (FilterExpression?: string) => {
        const { TraceSummaries } = await xray.send(new GetTraceSummariesCommand({ ...window(), FilterExpression }));
        return TraceSummaries!.map((summary) => summary.Id).filter((found) => found === ok.trace || found === failed.trace);
      };
      expect(await ids('service("orders-fn")')).toEqual(expect.arrayContaining([ok.trace, failed.trace]));
      expect(await ids('service("nobody")')).toEqual([]);
      expect(await ids('fault')).toEqual([failed.trace]);
      expect(await ids('!fault AND annotation.tenant = "acme"')).toEqual([ok.trace]);
      expect(await ids('annotation.tenant = "globex" OR error')).toEqual([failed.trace]);
      expect(await ids('responsetime > 0.4 AND responsetime < 0.6 AND annotation[tenant] BEGINSWITH "ac"')).toEqual([ok.trace]);
      expect(await ids('responsetime > 5')).toEqual([]);
      expect(await ids('http.status = 502')).toEqual([failed.trace]);
      const { TraceSummaries } = await xray.send(new GetTraceSummariesCommand({ ...window(), FilterExpression: `fault AND annotation.tenant = "globex"` }));
      expect(TraceSummaries![0]).toMatchObject({ Id: failed.trace, HasFault: true, HasError: false, Http: { HttpStatus: 502, HttpMethod: 'POST' }, EntryPoint: { Name: 'orders-api/prod', Type: 'AWS::ApiGateway::Stage' } });
      expect(TraceSummaries![0].Annotations).toEqual({ tenant: [expect.objectContaining({ AnnotationValue: { StringValue: 'globex' } })] });
      expect(TraceSummaries![0].StartTime).toBeInstanceOf(Date);
    });

    it('answers a service graph with the API, the function and DynamoDB connected', async () => {
      const { trace, documents } = twoServiceTrace({ fault: true });
      await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: documents.map((document) => JSON.stringify(document)) }));
      const { Services } = await xray.send(new GetTraceGraphCommand({ TraceIds: [trace] }));
      const byName = new Map(Services!.map((service) => [service.Name, service]));
      expect([...byName.keys()].sort()).toEqual(['DynamoDB', 'orders-api/prod', 'orders-fn']);
      expect(byName.get('orders-api/prod')).toMatchObject({ Root: true, Type: 'AWS::ApiGateway::Stage', Edges: [{ ReferenceId: byName.get('orders-fn')!.ReferenceId }] });
      expect(byName.get('orders-fn')!.SummaryStatistics).toMatchObject({ TotalCount: 1, FaultStatistics: { TotalCount: 1 } });
      expect(byName.get('orders-fn')!.Edges).toEqual([expect.objectContaining({ ReferenceId: byName.get('DynamoDB')!.ReferenceId })]);
      expect(byName.get('DynamoDB')!.Type).toBe('AWS::DynamoDB');
      const graph = await xray.send(new GetServiceGraphCommand(window()));
      expect(graph.Services!.map((service) => service.Name)).toEqual(expect.arrayContaining(['orders-api/prod', 'orders-fn', 'DynamoDB']));
    });

    it('takes segments on the daemon port, including subsegments sent on their own, as aws-xray-sdk-core sends them', async () => {
      const { trace, documents } = twoServiceTrace();
      const address = cloud.services.get<XrayService>('xray').daemonAddress!;
      const [host, port] = address.split(':');
      expect(host).toBe('127.0.0.1');
      const socket = createSocket('udp4');
      for (const document of documents) await new Promise<void>((resolve, reject) => socket.send(`{"format":"json","version":1}\n${JSON.stringify(document)}`, Number(port), host, (error) => (error ? reject(error) : resolve())));
      socket.close();
      // The daemon acknowledges nothing: poll until the documents are in.
      let segments = 0;
      for (let attempt = 0; attempt < 100 && segments < 2; attempt++) {
        const { Traces } = await xray.send(new BatchGetTracesCommand({ TraceIds: [trace] }));
        segments = Traces?.[0]?.Segments?.length ?? 0;
        if (segments < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(segments).toBe(2);
    });

    it('keeps traces in the state directory across a restart', async () => {
      const { trace, documents } = twoServiceTrace();
      await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: documents.map((document) => JSON.stringify(document)) }));
      await cloud.stop();
      cloud = await startTestCloud({ services: [iamService(), createXrayService()], stateDir });
      xray = new XRayClient(clientConfig(cloud));
      const { Traces } = await xray.send(new BatchGetTracesCommand({ TraceIds: [trace] }));
      expect(Traces![0].Segments).toHaveLength(2);
    });
  });

  describe('sampling', () => {
    it('has the default rule as documented: the first request each second, then 5 %, for everything', async () => {
      const { SamplingRuleRecords } = await xray.send(new GetSamplingRulesCommand({}));
      expect(SamplingRuleRecords).toHaveLength(1);
      expect(SamplingRuleRecords![0].SamplingRule).toEqual({
        RuleName: 'Default',
        RuleARN: 'arn:aws:xray:us-east-1:000000000000:sampling-rule/Default',
        ResourceARN: '*',
        Priority: 10000,
        FixedRate: 0.05,
        ReservoirSize: 1,
        ServiceName: '*',
        ServiceType: '*',
        Host: '*',
        HTTPMethod: '*',
        URLPath: '*',
        Version: 1,
        Attributes: {},
      });
    });

    it('hands a reporting client the reservoir quota and fixed rate of the default rule, and leaves unknown rules unprocessed', async () => {
      const statistics = { ClientID: 'a'.repeat(24), Timestamp: new Date(), RequestCount: 10, SampledCount: 2, BorrowCount: 0 };
      const targets = await xray.send(new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: [{ RuleName: 'Default', ...statistics }, { RuleName: 'nope', ...statistics }] }));
      expect(targets.SamplingTargetDocuments).toEqual([{ RuleName: 'Default', FixedRate: 0.05, ReservoirQuota: 1, ReservoirQuotaTTL: expect.any(Date), Interval: 10 }]);
      expect(targets.UnprocessedStatistics).toEqual([{ RuleName: 'nope', ErrorCode: '400', Message: 'No sampling rule is named nope' }]);
    });
  });

  describe('validation', () => {
    it('lists documents X-Ray would not take as unprocessed, with why', async () => {
      const { UnprocessedTraceSegments } = await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: ['not json', JSON.stringify({ name: 'x', id: 'abc', trace_id: traceId(), start_time: now() }), JSON.stringify({ name: 'x', id: id(), trace_id: traceId(), start_time: now() })] }));
      expect(UnprocessedTraceSegments).toMatchObject([
        { ErrorCode: 'InvalidJson' },
        { Id: 'abc', ErrorCode: 'InvalidSegment', Message: 'id must be 16 hexadecimal digits' },
        { ErrorCode: 'InvalidSegment', Message: 'end_time is required unless in_progress is true' },
      ]);
    });

    it('refuses a filter expression it cannot read, and names the key it does not filter on', async () => {
      const unread = await xray.send(new GetTraceSummariesCommand({ ...window(), FilterExpression: 'service("a" AND' })).catch((error: unknown) => error);
      expect(unread).toMatchObject({ name: 'InvalidRequestException', $metadata: { httpStatusCode: 400 } });
      const unknownKey = await xray.send(new GetTraceSummariesCommand({ ...window(), FilterExpression: 'edge("a", "b")' })).catch((error: unknown) => error);
      expect((unknownKey as Error).message).toContain("does not filter on 'edge'");
    });

    it('refuses a window of more than 24 hours and more than five trace ids', async () => {
      const wide = await xray.send(new GetTraceSummariesCommand({ StartTime: new Date(Date.now() - 25 * 3600_000), EndTime: new Date() })).catch((error: unknown) => error);
      expect(wide).toMatchObject({ name: 'InvalidRequestException' });
      const many = await xray.send(new BatchGetTracesCommand({ TraceIds: Array.from({ length: 6 }, () => traceId()) })).catch((error: unknown) => error);
      expect(many).toMatchObject({ name: 'InvalidRequestException', message: 'BatchGetTraces takes at most 5 trace IDs' });
    });

    it('names the operations it does not implement', async () => {
      const error = await xray.send(new CreateGroupCommand({ GroupName: 'g' })).catch((caught: unknown) => caught);
      expect((error as Error).message).toBe('The local X-Ray does not implement CreateGroup (groups)');
    });
  });

  describe('IAM', () => {
    it('refuses a caller whose policies do not allow the action, with AWS’s sentence', async () => {
      const credentials = cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn(cloud, 'amplifyAuthunauthenticatedUserRole'), { sessionName: 'guest' });
      const guest = new XRayClient(clientConfig(cloud, credentials));
      const error = await guest.send(new GetTraceSummariesCommand(window())).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      expect((error as Error).message).toContain('is not authorized to perform: xray:GetTraceSummaries on resource: *');
    });
  });
});
