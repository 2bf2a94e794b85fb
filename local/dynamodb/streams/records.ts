import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT } from '../../assembly';
import { dynaliteDb, keyOf, type KeySchemaElement } from '../engine/dynalite';
import type { ItemChange } from '../engine/staged-writes';
import type { AttributeMap, StreamRecord } from '../types';

export type StreamViewType = StreamRecord['dynamodb']['StreamViewType'];
export const STREAM_VIEW_TYPES: readonly StreamViewType[] = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'];

/** Who made a change, when it was not a caller: Time to Live's deletions. */
export const TTL_IDENTITY = { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' } as const;

/** Sequence numbers are decimal strings of one fixed width, so that key order is numeric order. */
export const SEQUENCE_WIDTH = 21;

export function formatSequence(value: bigint): string {
  return value.toString().padStart(SEQUENCE_WIDTH, '0');
}

/**
 * The stream record of one item change, with the images the stream's view type asks for:
 * KEYS_ONLY (keys), NEW_IMAGE (the item after; none on REMOVE), OLD_IMAGE (the item before;
 * none on INSERT), NEW_AND_OLD_IMAGES (both, where they exist).
 */
export function streamRecordOf(
  change: ItemChange,
  stream: { viewType: StreamViewType; keySchema: KeySchemaElement[] },
  sequenceNumber: string,
  nowMs: number,
  userIdentity?: StreamRecord['userIdentity'],
): StreamRecord {
  const { oldImage, newImage } = change;
  const eventName = oldImage === undefined ? 'INSERT' : newImage === undefined ? 'REMOVE' : 'MODIFY';
  const keys = keyOf((newImage ?? oldImage)!, { KeySchema: stream.keySchema });
  const body: StreamRecord['dynamodb'] = {
    ApproximateCreationDateTime: Math.floor(nowMs / 1000),
    Keys: keys,
    SequenceNumber: sequenceNumber,
    SizeBytes: 0,
    StreamViewType: stream.viewType,
  };
  if (newImage && (stream.viewType === 'NEW_IMAGE' || stream.viewType === 'NEW_AND_OLD_IMAGES')) body.NewImage = newImage;
  if (oldImage && (stream.viewType === 'OLD_IMAGE' || stream.viewType === 'NEW_AND_OLD_IMAGES')) body.OldImage = oldImage;
  body.SizeBytes = sizeOf(body.Keys) + sizeOf(body.NewImage) + sizeOf(body.OldImage);
  const record: StreamRecord = {
    // randomUUID draws from a cached pool: a fresh 16 random bytes per record cost more.
    eventID: randomUUID().replaceAll('-', ''),
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_ACCOUNT.region,
    dynamodb: body,
  };
  if (userIdentity) record.userIdentity = userIdentity;
  return record;
}

function sizeOf(image: AttributeMap | undefined): number {
  return image ? dynaliteDb.itemSize(image) : 0;
}

/** A stream record as a Lambda event-source mapping delivers it (`Records[]` of a DynamoDB event). */
export interface LambdaStreamRecord {
  eventID: string;
  eventName: StreamRecord['eventName'];
  eventVersion: string;
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: StreamRecord['dynamodb'];
  eventSourceARN: string;
  userIdentity?: { type: string; principalId: string };
}

/**
 * The Lambda event form of a stream record: as GetRecords returns it plus `eventSourceARN`,
 * with `userIdentity` in Lambda's spelling (`{ type, principalId }`).
 * @example
 * dynamodb.onStreamRecords(tableArn, (records, { streamArn }) =>
 *   lambda.invoke(fn, { Records: records.map((r) => toLambdaStreamRecord(r, streamArn)) }));
 */
export function toLambdaStreamRecord(record: StreamRecord, streamArn: string): LambdaStreamRecord {
  const { userIdentity, ...rest } = record;
  const out: LambdaStreamRecord = { ...rest, eventSourceARN: streamArn };
  if (userIdentity) out.userIdentity = { type: userIdentity.Type, principalId: userIdentity.PrincipalId };
  return out;
}
