import { formatSequence } from '../streams/records';
import { ResourceNotFoundException } from '../errors';
import type { Operation } from './context';
import { limitMember, stringMember } from './streamInput';

/** DescribeStream: one open shard per stream. */
export const describeStream: Operation = async (input, context) => {
  const streamArn = stringMember(input, 'StreamArn', { required: true, min: 37, max: 1024 })!;
  limitMember(input, 100);
  const exclusiveStartShardId = stringMember(input, 'ExclusiveStartShardId', { min: 28, max: 65 });
  context.authorize('dynamodb:DescribeStream', streamArn);
  const found = context.streams.find(streamArn);
  if (!found || found.stream.arn !== streamArn) throw new ResourceNotFoundException(`Requested resource not found: Stream: ${streamArn} not found`);
  const { stream, tableName } = found;
  const first = await context.streams.firstSequence(stream.arn);
  const start = first ?? formatSequence(BigInt(stream.trimmedThrough ?? (await context.streams.lastSequence(stream.arn)) ?? '0') + 1n);
  const shards = exclusiveStartShardId === stream.shardId ? [] : [{ ShardId: stream.shardId, SequenceNumberRange: { StartingSequenceNumber: start } }];
  return {
    StreamDescription: {
      StreamArn: stream.arn,
      StreamLabel: stream.label,
      StreamStatus: 'ENABLED',
      StreamViewType: stream.viewType,
      CreationRequestDateTime: stream.createdMs / 1000,
      TableName: tableName,
      KeySchema: stream.keySchema,
      Shards: shards,
    },
  };
};
