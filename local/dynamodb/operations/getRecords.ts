import { ExpiredIteratorException, ResourceNotFoundException, TrimmedDataAccessException } from '../errors';
import { decodeShardIterator, encodeShardIterator, ITERATOR_LIFETIME_MS } from '../streams/shard-iterator';
import type { GetRecordsInput } from '@aws-sdk/client-dynamodb-streams';
import { validated, type Operation } from './context';
import { limit as limitShape } from './streamMembers';

/** At most this much record data per GetRecords, as on AWS. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** GetRecords: up to Limit (default 1000) records or 1 MB after the iterator's position, and the next iterator. */
export const getRecords: Operation = async (input, context) => {
  const request = validated<GetRecordsInput>(input, {
    type: 'structure',
    members: { ShardIterator: { type: 'string', required: true, min: 1, max: 2048 }, Limit: limitShape(1000) },
  });
  const iterator = decodeShardIterator(request.ShardIterator);
  const limit = request.Limit ?? 1000;
  context.authorize('dynamodb:GetRecords', iterator.streamArn);
  if (context.now() - iterator.issuedMs > ITERATOR_LIFETIME_MS) throw new ExpiredIteratorException();
  const found = context.streams.find(iterator.streamArn);
  if (!found || found.stream.arn !== iterator.streamArn || found.stream.shardId !== iterator.shardId) {
    throw new ResourceNotFoundException(`Requested resource not found: Stream: ${iterator.streamArn} not found`);
  }
  const trimmed = found.stream.trimmedThrough;
  if (trimmed !== undefined && (iterator.after === undefined ? false : BigInt(iterator.after) < BigInt(trimmed))) {
    throw new TrimmedDataAccessException('The operation attempted to read past the oldest stream record in a shard.');
  }
  const records = await context.streams.read(iterator.streamArn, iterator.after, limit);
  let bytes = 0;
  const cut = records.findIndex((record, index) => (bytes += record.dynamodb.SizeBytes) > MAX_RESPONSE_BYTES && index > 0);
  if (cut > 0) records.length = cut;
  const after = records.length > 0 ? records[records.length - 1].dynamodb.SequenceNumber : iterator.after;
  return { Records: records, NextShardIterator: encodeShardIterator({ ...iterator, after, issuedMs: context.now() }) };
};
