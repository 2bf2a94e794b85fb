import { ExpiredIteratorException, ResourceNotFoundException, TrimmedDataAccessException } from '../errors';
import { decodeShardIterator, encodeShardIterator, ITERATOR_LIFETIME_MS } from '../streams/shard-iterator';
import type { Operation } from './context';
import { limitMember, stringMember } from './streamInput';

/** At most this much record data per GetRecords, as on AWS. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** GetRecords: up to Limit (default 1000) records or 1 MB after the iterator's position, and the next iterator. */
export const getRecords: Operation = async (input, context) => {
  const iterator = decodeShardIterator(stringMember(input, 'ShardIterator', { required: true, min: 1, max: 2048 })!);
  const limit = limitMember(input, 1000) ?? 1000;
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
