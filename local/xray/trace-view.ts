import type { Segment, TraceSummary, ValueWithServiceIds } from '@aws-sdk/client-xray';
import type { AnnotationValue, SegmentDocument } from '../tracing';
import type { StoredTrace } from './trace-store';

/**
 * What X-Ray's read operations make of a trace's documents: segments with the subsegments that
 * were sent on their own folded back under their parents (as BatchGetTraces returns them), and
 * the summary GetTraceSummaries and filter expressions read.
 */

/** The trace's segments, each with every subsegment sent on its own placed under its parent. */
export function assembledSegments(trace: StoredTrace): SegmentDocument[] {
  const segments: SegmentDocument[] = [];
  const byId = new Map<string, SegmentDocument>();
  const index = (document: SegmentDocument) => {
    byId.set(document.id, document);
    for (const child of document.subsegments ?? []) index(child);
  };
  const loose: SegmentDocument[] = [];
  for (const document of trace.documents.values()) {
    const copy = structuredClone(document);
    if (copy.type === 'subsegment') loose.push(copy);
    else segments.push(copy);
    index(copy);
  }
  for (const subsegment of loose) {
    const parent = byId.get(subsegment.parent_id!);
    if (!parent) continue; // Its parent has not arrived (yet): X-Ray shows it only once it has.
    const { trace_id: _trace, parent_id: _parent, type: _type, ...rest } = subsegment;
    const siblings = (parent.subsegments ??= []);
    const at = siblings.findIndex((sibling) => sibling.id === subsegment.id);
    if (at >= 0) siblings[at] = rest;
    else siblings.push(rest);
  }
  return segments.sort((a, b) => a.start_time - b.start_time);
}

/** The trace's segments as BatchGetTraces answers them. */
export function wireSegments(trace: StoredTrace): Segment[] {
  return assembledSegments(trace).map((segment) => ({ Id: segment.id, Document: JSON.stringify(segment) }));
}

function walk(document: SegmentDocument, visit: (document: SegmentDocument) => void): void {
  visit(document);
  for (const child of document.subsegments ?? []) walk(child, visit);
}

/** The entry point: the segment whose parent is not in the trace (the earliest such one). */
export function rootSegment(segments: readonly SegmentDocument[]): SegmentDocument | undefined {
  const ids = new Set<string>();
  for (const segment of segments) walk(segment, (document) => ids.add(document.id));
  return segments.find((segment) => !segment.parent_id || !ids.has(segment.parent_id)) ?? segments[0];
}

/** What filter expressions and summaries read of one trace. */
export interface TraceFacts {
  id: string;
  segments: SegmentDocument[];
  root?: SegmentDocument;
  startTime: number;
  /** From the earliest start to the latest end, in seconds. */
  duration: number;
  /** The root segment's own duration, in seconds. */
  responseTime: number;
  fault: boolean;
  error: boolean;
  throttle: boolean;
  partial: boolean;
  /** Names of the segments' services (segments, not subsegments). */
  services: { name: string; type: string }[];
  annotations: Map<string, AnnotationValue[]>;
  /** Every segment and subsegment, flattened (for `http.status` and the like). */
  all: SegmentDocument[];
}

export function traceFacts(trace: StoredTrace): TraceFacts {
  const segments = assembledSegments(trace);
  const all: SegmentDocument[] = [];
  for (const segment of segments) walk(segment, (document) => all.push(document));
  const root = rootSegment(segments);
  const starts = segments.map((segment) => segment.start_time);
  const ends = all.map((document) => document.end_time ?? document.start_time);
  const startTime = starts.length > 0 ? Math.min(...starts) : 0;
  const annotations = new Map<string, AnnotationValue[]>();
  for (const document of all) {
    for (const [key, value] of Object.entries(document.annotations ?? {})) {
      const values = annotations.get(key) ?? [];
      if (!values.includes(value)) values.push(value);
      annotations.set(key, values);
    }
  }
  const services = new Map<string, { name: string; type: string }>();
  for (const segment of segments) services.set(`${segment.name}\u0000${segment.origin ?? ''}`, { name: segment.name, type: segment.origin ?? 'client' });
  return {
    id: trace.id,
    segments,
    root,
    startTime,
    duration: ends.length > 0 ? Math.max(...ends) - startTime : 0,
    responseTime: root ? (root.end_time ?? root.start_time) - root.start_time : 0,
    fault: all.some((document) => document.fault === true),
    error: all.some((document) => document.error === true),
    throttle: all.some((document) => document.throttle === true),
    partial: all.some((document) => document.in_progress === true),
    services: [...services.values()],
    annotations,
    all,
  };
}

function annotationValue(value: AnnotationValue): ValueWithServiceIds['AnnotationValue'] {
  if (typeof value === 'number') return { NumberValue: value };
  if (typeof value === 'boolean') return { BooleanValue: value };
  return { StringValue: value };
}

/** A trace as GetTraceSummaries lists it. */
export function traceSummary(facts: TraceFacts): TraceSummary {
  const serviceIds = facts.services.map((service) => ({ Name: service.name, Names: [service.name], Type: service.type }));
  const http = facts.root?.http;
  return {
    Id: facts.id,
    StartTime: new Date(facts.startTime * 1000),
    Duration: round(facts.duration),
    ResponseTime: round(facts.responseTime),
    HasFault: facts.fault,
    HasError: facts.error,
    HasThrottle: facts.throttle,
    IsPartial: facts.partial,
    ...(http && { Http: { HttpURL: http.request?.url, HttpMethod: http.request?.method, HttpStatus: http.response?.status, ClientIp: http.request?.client_ip, UserAgent: http.request?.user_agent } }),
    Annotations: Object.fromEntries([...facts.annotations].map(([key, values]) => [key, values.map((value) => ({ AnnotationValue: annotationValue(value), ServiceIds: serviceIds }))])),
    ServiceIds: serviceIds,
    ...(facts.root && { EntryPoint: { Name: facts.root.name, Names: [facts.root.name], Type: facts.root.origin ?? 'client' } }),
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
