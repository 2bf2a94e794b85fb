import { randomBytes } from 'node:crypto';
import type { LocalService, ServiceRegistry } from '../service';
import { traceFields } from './trace-header';

/**
 * X-Ray segment documents as the daemon and PutTraceSegments take them (the "segment document"
 * schema of the X-Ray developer guide), and what a local service needs to emit its own: the
 * sink it sends them to, and the context a trace header carries.
 */

/** A value X-Ray indexes for filter expressions (`annotation.key = "v"`). */
export type AnnotationValue = string | number | boolean;

export interface SegmentException {
  id?: string;
  message?: string;
  type?: string;
  remote?: boolean;
  stack?: { path?: string; line?: number; label?: string }[];
}

/** One segment or subsegment document. Times are epoch seconds with fractions. */
export interface SegmentDocument {
  name: string;
  id: string;
  trace_id?: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  parent_id?: string;
  /** `subsegment` for a subsegment sent on its own. */
  type?: 'subsegment';
  /** The kind of resource: `AWS::Lambda`, `AWS::Lambda::Function`, `AWS::ApiGateway::Stage`. */
  origin?: string;
  /** `aws` for AWS SDK calls, `remote` for other downstream calls. */
  namespace?: string;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: { working_directory?: string; exceptions?: SegmentException[] } | string;
  http?: { request?: { method?: string; url?: string; client_ip?: string; user_agent?: string }; response?: { status?: number; content_length?: number } };
  annotations?: Record<string, AnnotationValue>;
  metadata?: Record<string, unknown>;
  aws?: Record<string, unknown>;
  user?: string;
  subsegments?: SegmentDocument[];
}

/** Where services send the segments they record (the local X-Ray service), and who decides sampling. */
export interface SegmentSink {
  /** Records finished (or in-progress) segment documents. */
  record(documents: readonly SegmentDocument[]): void;
  /** The sampling decision for a request that arrives without one (the default rule: a reservoir, then a fixed rate). */
  sample(request: { service: string; method?: string; url?: string }): boolean;
}

/** A new segment or subsegment id: 16 hex digits. */
export function newSegmentId(): string {
  return randomBytes(8).toString('hex');
}

/** `1-<8 hex epoch seconds>-<24 hex>`: a new trace id. */
export function newTraceRoot(now = Date.now()): string {
  return `1-${Math.floor(now / 1000).toString(16).padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
}

/** What a trace header says: its root, the parent segment, and the sampling decision when it makes one. */
export interface TraceContext {
  root?: string;
  parent?: string;
  /** undefined when the header leaves the decision to the receiver (`Sampled=?` or no field). */
  sampled?: boolean;
}

/** The context of an `X-Amzn-Trace-Id` header (any case of field names is AWS's, `Root=…;Parent=…;Sampled=1`). */
export function traceContext(header: string | undefined): TraceContext {
  const fields = traceFields(header);
  const sampled = fields.get('Sampled');
  const root = fields.get('Root');
  return {
    root: root && /^1-[0-9a-f]{8}-[0-9a-f]{24}$/.test(root) ? root : undefined,
    parent: fields.get('Parent') || undefined,
    sampled: sampled === '1' ? true : sampled === '0' ? false : undefined,
  };
}

/**
 * The header a request carries on to the next hop: the same root, `parent` as its parent
 * segment, the decision made, and what else the header held (`Lineage`, a caller's own fields).
 */
export function onwardHeader(header: string | undefined, root: string, parent: string | undefined, sampled: boolean): string {
  const fields = traceFields(header);
  fields.delete('Root');
  fields.delete('Parent');
  fields.delete('Sampled');
  const head = [`Root=${root}`, ...(parent ? [`Parent=${parent}`] : []), `Sampled=${sampled ? 1 : 0}`];
  return [...head, ...[...fields.entries()].map(([key, value]) => `${key}=${value}`)].join(';');
}

/** Epoch seconds, as segment documents count time. */
export const seconds = (ms: number): number => ms / 1000;

/** The local X-Ray as other services see it: where segments go, and the daemon functions send theirs to. */
export interface TracingService extends SegmentSink {
  readonly daemonAddress?: string;
}

/** The running X-Ray service of a cloud, when it runs one (services find it at request time, as they find each other). */
export function tracingOf(services: ServiceRegistry): TracingService | undefined {
  return services.find<LocalService & TracingService>('xray');
}
