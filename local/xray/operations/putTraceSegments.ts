import type { PutTraceSegmentsRequest, PutTraceSegmentsResult } from '@aws-sdk/client-xray';
import type { SegmentDocument } from '../../tracing';
import type { XrayOperation } from '../context';
import { SegmentRejection } from '../errors';
import { readSegment } from '../segment-document';
import { xrayInput } from './input';

/** `POST /TraceSegments`: documents are kept (and written) before the answer; the ones X-Ray would not take are listed as unprocessed. */
export const putTraceSegments: XrayOperation = (api) => ({
  name: 'PutTraceSegments',
  method: 'POST',
  path: /^\/TraceSegments$/,
  async handle(call): Promise<PutTraceSegmentsResult> {
    const input = xrayInput<PutTraceSegmentsRequest>(call.input, { type: 'structure', members: { TraceSegmentDocuments: { type: 'list', member: { type: 'string' }, required: true } } });
    api.authorize(call, 'xray:PutTraceSegments');
    const accepted: (SegmentDocument & { trace_id: string })[] = [];
    const unprocessed: PutTraceSegmentsResult['UnprocessedTraceSegments'] = [];
    for (const text of input.TraceSegmentDocuments) {
      try {
        accepted.push(readSegment(text));
      } catch (error) {
        if (!(error instanceof SegmentRejection)) throw error;
        unprocessed.push({ ...(error.id && { Id: error.id }), ErrorCode: error.errorCode, Message: error.message });
      }
    }
    await api.store.add(accepted);
    return { UnprocessedTraceSegments: unprocessed };
  },
});
