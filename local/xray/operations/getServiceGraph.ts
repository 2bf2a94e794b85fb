import type { GetServiceGraphRequest, GetServiceGraphResult } from '@aws-sdk/client-xray';
import type { XrayOperation } from '../context';
import { XrayErrors } from '../errors';
import { serviceGraph } from '../service-graph';
import { traceFacts } from '../trace-view';
import { xrayInput } from './input';

/** `POST /ServiceGraph`: the services and edges of the traces that started in the window (groups are not kept locally: every trace counts). */
export const getServiceGraph: XrayOperation = (api) => ({
  name: 'GetServiceGraph',
  method: 'POST',
  path: /^\/ServiceGraph$/,
  handle(call): GetServiceGraphResult {
    const input = xrayInput<GetServiceGraphRequest>(call.input, {
      type: 'structure',
      members: { StartTime: { type: 'timestamp', required: true }, EndTime: { type: 'timestamp', required: true }, GroupName: { type: 'string', min: 1, max: 32 }, GroupARN: { type: 'string', min: 1, max: 400 }, NextToken: { type: 'string' } },
    });
    api.authorize(call, 'xray:GetServiceGraph');
    const start = Number(input.StartTime);
    const end = Number(input.EndTime);
    if (end < start) throw XrayErrors.invalidRequest('EndTime must be after StartTime');
    const traces = [...api.store.all()].map(traceFacts).filter((facts) => facts.startTime >= start && facts.startTime <= end);
    return { StartTime: new Date(start * 1000), EndTime: new Date(end * 1000), Services: serviceGraph(traces), ContainsOldGroupVersions: false };
  },
});
