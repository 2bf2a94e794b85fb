import type { GetTraceSummariesRequest, GetTraceSummariesResult } from '@aws-sdk/client-xray';
import type { XrayOperation } from '../context';
import { XrayErrors } from '../errors';
import { parseFilterExpression } from '../filter-expression';
import { traceFacts, traceSummary } from '../trace-view';
import { xrayInput } from './input';

/** X-Ray lists at most this many summaries a page. */
const PAGE = 100;
/** X-Ray's widest window for one GetTraceSummaries call: 24 hours. */
const MAX_WINDOW_SECONDS = 24 * 60 * 60;

/** The epoch second a trace id was made in (`1-<8 hex>-…`). */
const traceIdTime = (traceId: string) => parseInt(traceId.slice(2, 10), 16);

/**
 * `POST /TraceSummaries`: traces in a time window (by their id's time, or by their segments'
 * start with `TimeRangeType: Event`) that match the filter expression, newest first, a page at a time.
 */
export const getTraceSummaries: XrayOperation = (api) => ({
  name: 'GetTraceSummaries',
  method: 'POST',
  path: /^\/TraceSummaries$/,
  handle(call): GetTraceSummariesResult {
    const input = xrayInput<GetTraceSummariesRequest>(call.input, {
      type: 'structure',
      members: {
        StartTime: { type: 'timestamp', required: true },
        EndTime: { type: 'timestamp', required: true },
        TimeRangeType: { type: 'string', enum: ['TraceId', 'Event', 'Service'] },
        Sampling: { type: 'boolean' },
        SamplingStrategy: { type: 'structure', members: { Name: { type: 'string', enum: ['PartialScan', 'FixedRate'] }, Value: { type: 'double' } } },
        FilterExpression: { type: 'string', min: 1, max: 2000 },
        NextToken: { type: 'string' },
      },
    });
    api.authorize(call, 'xray:GetTraceSummaries');
    const start = Number(input.StartTime);
    const end = Number(input.EndTime);
    if (end < start) throw XrayErrors.invalidRequest('EndTime must be after StartTime');
    if (end - start > MAX_WINDOW_SECONDS) throw XrayErrors.invalidRequest('The time range between StartTime and EndTime must be less than 24 hours');
    const matches = input.FilterExpression ? parseFilterExpression(input.FilterExpression) : () => true;
    const offset = input.NextToken ? Number(input.NextToken) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw XrayErrors.invalidRequest('NextToken is not one this service gave');
    const byEvent = input.TimeRangeType === 'Event';
    const found = [];
    let processed = 0;
    for (const trace of api.store.all()) {
      const facts = traceFacts(trace);
      const time = byEvent ? facts.startTime : traceIdTime(trace.id);
      if (time < start || time > end) continue;
      processed++;
      if (matches(facts)) found.push(facts);
    }
    found.sort((a, b) => b.startTime - a.startTime);
    const page = found.slice(offset, offset + PAGE);
    return {
      TraceSummaries: page.map(traceSummary),
      ApproximateTime: new Date(api.now()),
      TracesProcessedCount: processed,
      ...(offset + PAGE < found.length && { NextToken: String(offset + PAGE) }),
    };
  },
});
