import type { SegmentDocument } from '../tracing';
import { SegmentRejection } from './errors';

/** The segment document rules X-Ray states: ids of 16 hex digits, trace ids `1-<8 hex>-<24 hex>`, a start, and an end or `in_progress`. */
const SEGMENT_ID = /^[0-9a-f]{16}$/;
const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;

/** X-Ray's limit for one segment document. */
export const MAX_DOCUMENT_BYTES = 64 * 1024;

/**
 * A segment document read and checked: the JSON text as a daemon or PutTraceSegments sends it.
 * Throws SegmentRejection (with the id when the document has one) when X-Ray would not take it.
 * @example
 * readSegment('{"name":"api","id":"70de5b6f19ff9a0a","trace_id":"1-5759e988-bd862e3fe1be46a994272793","start_time":1.4,"end_time":1.5}');
 */
export function readSegment(text: string): SegmentDocument & { trace_id: string } {
  if (text.length > MAX_DOCUMENT_BYTES) throw new SegmentRejection('DocumentTooLarge', `The segment document is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SegmentRejection('InvalidJson', 'The segment document is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SegmentRejection('InvalidSegment', 'The segment document is not a JSON object');
  const document = parsed as Record<string, unknown>;
  const id = typeof document.id === 'string' ? document.id : undefined;
  const reject = (message: string) => new SegmentRejection('InvalidSegment', message, id);
  if (!id || !SEGMENT_ID.test(id)) throw reject('id must be 16 hexadecimal digits');
  if (typeof document.name !== 'string' || document.name.length === 0 || document.name.length > 200) throw reject('name must be a string of 1 to 200 characters');
  if (typeof document.trace_id !== 'string' || !TRACE_ID.test(document.trace_id)) throw reject('trace_id must be of the form 1-<8 hex digits>-<24 hex digits>');
  if (typeof document.start_time !== 'number' || !Number.isFinite(document.start_time)) throw reject('start_time must be a number of seconds since the epoch');
  if (document.in_progress !== true && (typeof document.end_time !== 'number' || !Number.isFinite(document.end_time))) throw reject('end_time is required unless in_progress is true');
  if (document.parent_id !== undefined && (typeof document.parent_id !== 'string' || !SEGMENT_ID.test(document.parent_id))) throw reject('parent_id must be 16 hexadecimal digits');
  if (document.type === 'subsegment' && document.parent_id === undefined) throw reject('a subsegment sent on its own needs a parent_id');
  return document as unknown as SegmentDocument & { trace_id: string };
}
