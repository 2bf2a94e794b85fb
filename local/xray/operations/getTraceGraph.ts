import type { GetTraceGraphRequest, GetTraceGraphResult } from '@aws-sdk/client-xray';
import type { XrayOperation } from '../context';
import { serviceGraph } from '../service-graph';
import { traceFacts } from '../trace-view';
import { xrayInput } from './input';

/** `POST /TraceGraph`: the service graph of the named traces (ids not held are left out). */
export const getTraceGraph: XrayOperation = (api) => ({
  name: 'GetTraceGraph',
  method: 'POST',
  path: /^\/TraceGraph$/,
  handle(call): GetTraceGraphResult {
    const input = xrayInput<GetTraceGraphRequest>(call.input, { type: 'structure', members: { TraceIds: { type: 'list', member: { type: 'string' }, required: true }, NextToken: { type: 'string' } } });
    api.authorize(call, 'xray:GetTraceGraph');
    const traces = input.TraceIds.flatMap((id) => {
      const trace = api.store.get(id);
      return trace ? [traceFacts(trace)] : [];
    });
    return { Services: serviceGraph(traces) };
  },
});
