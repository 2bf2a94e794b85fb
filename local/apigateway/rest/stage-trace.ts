import { newSegmentId, newTraceRoot, onwardHeader, seconds, traceContext, type SegmentSink } from '../../tracing';
import type { Invocation } from '../invoke/request';
import type { RestApiModel, RestStage } from './model';

/**
 * A REST API stage's segment (`<api name>/<stage>`, origin `AWS::ApiGateway::Stage`), as API
 * Gateway records it when the stage has `TracingEnabled` and the request is sampled (the
 * caller's decision in `X-Amzn-Trace-Id`, or the default rule's): the request's method, URL and
 * status, error for 4xx and fault for 5xx. The request goes on with the segment as its parent,
 * and the response carries the trace's header.
 * @example
 * const trace = StageTrace.begin(api, stage, invocation, sink); // invocation.traceId now names the segment
 * trace?.end(response.statusCode);
 */
export class StageTrace {
  private constructor(
    private readonly sink: SegmentSink,
    private readonly api: RestApiModel,
    private readonly stage: RestStage,
    private readonly invocation: Invocation,
    private readonly root: string,
    private readonly parent: string | undefined,
    private readonly id: string,
  ) {}

  static begin(api: RestApiModel, stage: RestStage, invocation: Invocation, sink: SegmentSink | undefined): StageTrace | undefined {
    const context = traceContext(invocation.traceId);
    const root = context.root ?? newTraceRoot(invocation.startedAt);
    const traced = stage.tracingEnabled && sink !== undefined;
    const sampled = context.sampled ?? (traced ? sink.sample({ service: `${api.name}/${stage.name}`, method: invocation.method, url: invocation.address.rawPath }) : false);
    if (!traced || !sampled) {
      invocation.traceId = onwardHeader(invocation.traceId, root, context.parent, sampled);
      return undefined;
    }
    const id = newSegmentId();
    invocation.traceId = onwardHeader(invocation.traceId, root, id, true);
    return new StageTrace(sink, api, stage, invocation, root, context.parent, id);
  }

  end(status: number): void {
    const { api, stage, invocation } = this;
    this.sink.record([
      {
        name: `${api.name}/${stage.name}`,
        id: this.id,
        trace_id: this.root,
        ...(this.parent && { parent_id: this.parent }),
        start_time: seconds(invocation.startedAt),
        end_time: seconds(Date.now()),
        origin: 'AWS::ApiGateway::Stage',
        http: { request: { method: invocation.method, url: `https://${api.id}.execute-api.localhost${invocation.address.rawPath}`, client_ip: invocation.sourceIp, user_agent: invocation.userAgent }, response: { status } },
        aws: { api_id: api.id, stage: stage.name, request_id: invocation.requestId },
        ...(status >= 400 && status < 500 && { error: true, ...(status === 429 && { throttle: true }) }),
        ...(status >= 500 && { fault: true }),
      },
    ]);
  }
}
