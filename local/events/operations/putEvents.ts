import { randomUUID } from 'node:crypto';
import type { PutEventsRequest, PutEventsRequestEntry, PutEventsResponse, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { LOCAL_ACCOUNT } from '../../assembly';
import { defineOperation } from '../../kit';
import type { EventsCall } from '../context';
import { EventsErrors } from '../errors';
import { busArn, busNameOf, eventTime } from '../names';
import type { BusEvent } from '../types';

/** EventBridge's limit on the entries of one PutEvents request, counted as AWS counts them. */
export const MAX_REQUEST_BYTES = 256 * 1024;

/**
 * An entry's size as EventBridge computes it: 14 bytes for the time when given, then the UTF-8
 * bytes of the source, detail type, detail and each resource.
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time ? 14 : 0;
  for (const text of [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])]) if (text) size += Buffer.byteLength(text);
  return size;
}

type Checked = { event: BusEvent; busName: string } | { error: Required<Pick<PutEventsResultEntry, 'ErrorCode' | 'ErrorMessage'>> };

const invalid = (member: string, reason: string): Checked => ({ error: { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${member} is not valid. Reason: ${reason}` } });

function checkEntry(entry: PutEventsRequestEntry, call: EventsCall): Checked {
  if (!entry.Source) return invalid('Source', 'Source is a required argument.');
  if (!entry.DetailType) return invalid('DetailType', 'DetailType is a required argument.');
  if (entry.Detail === undefined) return invalid('Detail', 'Detail is a required argument.');
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    detail = undefined;
  }
  // Detail must be a JSON object.
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return { error: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } };
  const busName = busNameOf(entry.EventBusName);
  if (!call.store.bus(busName)) return { error: { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist.` } };
  return {
    busName,
    event: {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: LOCAL_ACCOUNT.accountId,
      time: eventTime(entry.Time ? entry.Time.getTime() : call.now()),
      region: LOCAL_ACCOUNT.region,
      resources: entry.Resources ?? [],
      detail,
    },
  };
}

/**
 * `AWSEvents.PutEvents`: each entry is checked on its own (a bad one fails alone, in its
 * result entry, as AWS answers), the good ones are taken in, durable before the answer.
 */
export const putEvents = defineOperation<PutEventsRequest, PutEventsResponse, EventsCall>({
  name: 'PutEvents',
  input: {
    type: 'structure',
    members: {
      Entries: {
        type: 'list',
        min: 1,
        max: 10,
        required: true,
        member: {
          type: 'structure',
          name: 'PutEventsRequestEntry',
          members: {
            Time: { type: 'timestamp' },
            Source: { type: 'string' },
            Resources: { type: 'list', member: { type: 'string' } },
            DetailType: { type: 'string' },
            Detail: { type: 'string' },
            EventBusName: { type: 'string', min: 1, max: 1600, pattern: '(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+' },
            TraceHeader: { type: 'string', min: 1, max: 500 },
          },
        },
      },
      EndpointId: { type: 'string', min: 1, max: 50, pattern: '^[A-Za-z0-9\\-]+[\\.][A-Za-z0-9\\-]+$' },
    },
  },
  async handle(input, call) {
    if (input.EndpointId !== undefined) throw EventsErrors.validation('Global endpoints are not implemented locally: send the events to the bus itself.');
    if (input.Entries.reduce((total, entry) => total + entrySize(entry), 0) > MAX_REQUEST_BYTES) {
      throw EventsErrors.validation('Total size of the entries in the request is over the limit.');
    }
    const checked = input.Entries.map((entry) => checkEntry(entry, call));
    const buses = [...new Set(checked.flatMap((entry) => ('busName' in entry ? [busArn(entry.busName)] : [])))];
    call.authorize(buses);
    const results: PutEventsResultEntry[] = [];
    for (const [index, entry] of checked.entries()) {
      if ('error' in entry) {
        results.push(entry.error);
        continue;
      }
      await call.accept(entry.busName, entry.event, { traceHeader: input.Entries[index].TraceHeader ?? call.traceHeader });
      results.push({ EventId: entry.event.id });
    }
    return { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results };
  },
});
