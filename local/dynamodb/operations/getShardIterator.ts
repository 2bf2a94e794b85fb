import { ResourceNotFoundException, TrimmedDataAccessException, ValidationException } from '../errors';
import { formatSequence } from '../streams/records';
import { encodeShardIterator } from '../streams/shard-iterator';
import type { GetShardIteratorInput } from '@aws-sdk/client-dynamodb-streams';
import { validated, type Operation } from './context';
import { SHARD_ID, STREAM_ARN } from './streamMembers';

/** GetShardIterator: a position in the stream's one shard. */
export const getShardIterator: Operation = async (input, context) => {
  const request = validated<GetShardIteratorInput>(input, {
    type: 'structure',
    members: {
      StreamArn: { ...STREAM_ARN, required: true },
      ShardId: { ...SHARD_ID, required: true },
      ShardIteratorType: { type: 'string', required: true, enum: ['TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'] },
      SequenceNumber: { type: 'string', min: 21, max: 40 },
    },
  });
  const { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type, SequenceNumber: sequenceNumber } = request;
  context.authorize('dynamodb:GetShardIterator', streamArn);

  const found = context.streams.find(streamArn);
  if (!found || found.stream.arn !== streamArn) throw new ResourceNotFoundException(`Requested resource not found: Stream: ${streamArn} not found`);
  if (found.stream.shardId !== shardId) throw new ResourceNotFoundException(`Requested resource not found: Shard: ${shardId} in Stream: ${streamArn} not found`);

  let after: string | undefined;
  if (type === 'LATEST') {
    after = await context.streams.lastSequence(streamArn);
  } else if (type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') {
    if (sequenceNumber === undefined || !/^\d+$/.test(sequenceNumber)) {
      throw new ValidationException(`Invalid SequenceNumber for ShardIteratorType ${type}: ${sequenceNumber ?? 'none given'}`);
    }
    const wanted = BigInt(sequenceNumber);
    const position = type === 'AT_SEQUENCE_NUMBER' ? wanted - 1n : wanted;
    const trimmed = found.stream.trimmedThrough;
    if (trimmed !== undefined && position < BigInt(trimmed)) {
      throw new TrimmedDataAccessException(`The requested sequence number ${sequenceNumber} is beyond the trim horizon of the stream ${streamArn}`);
    }
    after = formatSequence(position < 0n ? 0n : position);
  }
  return { ShardIterator: encodeShardIterator({ streamArn, shardId, after, issuedMs: context.now() }) };
};
