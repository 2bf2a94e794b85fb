import type { Trace } from '@aws-sdk/client-xray';
import type { SegmentDocument } from '../tracing';

/**
 * A trace as an indented timeline for a terminal: one line per segment and subsegment, in
 * start order under its parent, with its offset from the trace's start, its duration, its
 * kind, and a fault, error or throttle with the cause's first message.
 * @example
 * timelineOf(trace).join('\n');
 * // trace 1-67a…  312 ms  fault
 * //   +0 ms     312 ms  flare-api/prod AWS::ApiGateway::Stage 502 FAULT
 * //     +2 ms   301 ms  ingest AWS::Lambda
 */
export function timelineOf(trace: Trace): string[] {
  const segments = (trace.Segments ?? []).map((segment) => JSON.parse(segment.Document ?? '{}') as SegmentDocument);
  const start = Math.min(...segments.map((segment) => segment.start_time));
  const ids = new Set<string>();
  const index = (document: SegmentDocument) => {
    ids.add(document.id);
    document.subsegments?.forEach(index);
  };
  segments.forEach(index);
  // Segments hang under the segment or subsegment that is their parent; roots stand alone.
  const children = new Map<string | undefined, SegmentDocument[]>();
  for (const segment of segments) {
    const parent = segment.parent_id && ids.has(segment.parent_id) ? segment.parent_id : undefined;
    children.set(parent, [...(children.get(parent) ?? []), segment]);
  }
  const all = segments.flatMap(function flatten(document: SegmentDocument): SegmentDocument[] {
    return [document, ...(document.subsegments ?? []).flatMap(flatten)];
  });
  const state = all.some((document) => document.fault) ? 'fault' : all.some((document) => document.error) ? 'error' : all.some((document) => document.throttle) ? 'throttle' : 'ok';
  const lines = [`trace ${trace.Id}  ${ms(trace.Duration ?? 0)}  ${state}`];
  const print = (document: SegmentDocument, depth: number) => {
    const end = document.end_time ?? document.start_time;
    const kind = document.origin ?? (document.namespace ? `(${document.namespace})` : '');
    const status = document.http?.response?.status;
    const flag = document.fault ? 'FAULT' : document.error ? 'ERROR' : document.throttle ? 'THROTTLE' : '';
    const cause = typeof document.cause === 'object' ? document.cause.exceptions?.[0]?.message : document.cause;
    const parts = [`+${ms(document.start_time - start)}`.padEnd(10), ms(end - document.start_time).padStart(8), ` ${document.name}`, kind && ` ${kind}`, status !== undefined ? ` ${status}` : '', flag && ` ${flag}`, cause ? `: ${cause}` : '', document.in_progress ? ' (in progress)' : ''];
    lines.push(`${'  '.repeat(depth + 1)}${parts.join('')}`);
    const nested = [...(document.subsegments ?? []), ...(children.get(document.id) ?? [])].sort((a, b) => a.start_time - b.start_time);
    for (const child of nested) print(child, depth + 1);
  };
  for (const root of (children.get(undefined) ?? []).sort((a, b) => a.start_time - b.start_time)) print(root, 0);
  return lines;
}

const ms = (seconds: number) => `${Math.round(seconds * 1000)} ms`;
