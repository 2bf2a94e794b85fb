import type { BatchGetTracesRequest, BatchGetTracesResult } from '@aws-sdk/client-xray';
import type { XrayOperation } from '../context';
import { XrayErrors } from '../errors';
import { traceFacts, wireSegments } from '../trace-view';
import { xrayInput } from './input';

/** BatchGetTraces takes at most five trace ids. */
const MAX_TRACE_IDS = 5;

/** `POST /Traces`: whole traces, each segment with the subsegments sent on their own placed under their parents. */
export const batchGetTraces: XrayOperation = (api) => ({
  name: 'BatchGetTraces',
  method: 'POST',
  path: /^\/Traces$/,
  handle(call): BatchGetTracesResult {
    const input = xrayInput<BatchGetTracesRequest>(call.input, { type: 'structure', members: { TraceIds: { type: 'list', member: { type: 'string' }, required: true }, NextToken: { type: 'string' } } });
    api.authorize(call, 'xray:BatchGetTraces');
    if (input.TraceIds.length > MAX_TRACE_IDS) throw XrayErrors.invalidRequest(`BatchGetTraces takes at most ${MAX_TRACE_IDS} trace IDs`);
    const traces = [];
    const unprocessed = [];
    for (const id of input.TraceIds) {
      const trace = api.store.get(id);
      if (!trace) {
        unprocessed.push(id);
        continue;
      }
      traces.push({ Id: id, Duration: traceFacts(trace).duration, LimitExceeded: false, Segments: wireSegments(trace) });
    }
    return { Traces: traces, UnprocessedTraceIds: unprocessed };
  },
});
