import { newSegmentId, newTraceRoot, onwardHeader, seconds, traceContext, type SegmentDocument, type SegmentSink } from '../tracing';
import type { FunctionErrorPayload } from './errors';
import type { FunctionConfig } from './function-config';

/** What one invocation took, as the runtime measured it. */
export interface InvocationTimes {
  startedAt: number;
  endedAt: number;
  durationMs: number;
  initMs?: number;
}

/**
 * One invocation's part of a trace. With `TracingConfig: Active` and a sampled request (an
 * upstream decision, or the default rule's when none came), Lambda records two segments, as X-Ray
 * shows them: `AWS::Lambda` (the service accepting the invocation) and `AWS::Lambda::Function`
 * under it with `Initialization` (cold starts), `Invocation` and `Overhead` subsegments; a
 * function that fails marks its segment and Invocation as a fault with the error as the cause.
 * The function gets `Parent=<its function segment>`, so the segments its own X-Ray SDK sends join it.
 * Without Active tracing the header only passes through (a new root when there was none).
 * @example
 * const trace = InvocationTrace.begin(config, options.traceId, sink);
 * pool.invoke({ …, traceId: trace.header });
 * trace.end(times, outcome.ok ? undefined : outcome.error);
 */
export class InvocationTrace {
  private constructor(
    /** The header the function sees as `_X_AMZN_TRACE_ID`. */
    readonly header: string,
    private readonly record?: { sink: SegmentSink; config: FunctionConfig; root: string; parent?: string; serviceId: string; functionId: string },
  ) {}

  static begin(config: FunctionConfig, incoming: string | undefined, sink: SegmentSink | undefined): InvocationTrace {
    const context = traceContext(incoming);
    const root = context.root ?? newTraceRoot();
    const active = config.tracing === 'Active' && sink !== undefined;
    const sampled = context.sampled ?? (active ? sink.sample({ service: config.name }) : false);
    if (!active || !sampled) return new InvocationTrace(onwardHeader(incoming, root, context.parent, sampled));
    const functionId = newSegmentId();
    return new InvocationTrace(onwardHeader(incoming, root, functionId, true), { sink, config, root, parent: context.parent, serviceId: newSegmentId(), functionId });
  }

  /** Records the invocation's segments (nothing when it is not traced). */
  end(times: InvocationTimes, error?: FunctionErrorPayload): void {
    if (!this.record) return;
    const { sink, config, root, parent, serviceId, functionId } = this.record;
    const start = seconds(times.startedAt);
    const end = seconds(times.endedAt);
    const initEnd = start + seconds(times.initMs ?? 0);
    const invocationEnd = Math.min(end, initEnd + seconds(times.durationMs));
    const fault = error !== undefined;
    const cause = error && { working_directory: config.codeDir, exceptions: [{ id: newSegmentId(), message: error.errorMessage, type: error.errorType, ...(error.trace && { stack: error.trace.map((line) => ({ label: line.trim() })) }) }] };
    const resource = { function_arn: config.arn, resource_names: [config.name] };
    const service: SegmentDocument = {
      name: config.name,
      id: serviceId,
      trace_id: root,
      ...(parent && { parent_id: parent }),
      start_time: start,
      end_time: end,
      origin: 'AWS::Lambda',
      http: { response: { status: 200 } },
      aws: resource,
    };
    const subsegments: SegmentDocument[] = [];
    if (times.initMs !== undefined) subsegments.push({ name: 'Initialization', id: newSegmentId(), start_time: start, end_time: initEnd });
    subsegments.push({ name: 'Invocation', id: newSegmentId(), start_time: initEnd, end_time: invocationEnd, ...(fault && { fault: true, cause }) });
    subsegments.push({ name: 'Overhead', id: newSegmentId(), start_time: invocationEnd, end_time: end });
    const functionSegment: SegmentDocument = {
      name: config.name,
      id: functionId,
      trace_id: root,
      parent_id: serviceId,
      start_time: start,
      end_time: end,
      origin: 'AWS::Lambda::Function',
      aws: resource,
      ...(fault && { fault: true, cause }),
      subsegments,
    };
    sink.record([service, functionSegment]);
  }
}
