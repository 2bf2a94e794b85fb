import { formatSequence } from '../streams/records';
import { ResourceNotFoundException } from '../errors';
import type { DescribeStreamInput } from '@aws-sdk/client-dynamodb-streams';
import { validated, type Operation } from './context';
import { limit, SHARD_ID, STREAM_ARN } from './streamMembers';

/** DescribeStream: one open shard per stream. */
export const describeStream: Operation = async (input, context) => {
  const { StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId, ShardFilter: shardFilter } = validated<DescribeStreamInput>(input, {
    type: 'structure',
    members: {
      StreamArn: { ...STREAM_ARN, required: true },
      Limit: limit(100),
      ExclusiveStartShardId: SHARD_ID,
      // A stream has one shard, which never splits: a CHILD_SHARDS filter finds none.
      ShardFilter: { type: 'structure', members: { Type: { type: 'string', enum: ['CHILD_SHARDS'] }, ShardId: SHARD_ID } },
    },
  });
  context.authorize('dynamodb:DescribeStream', streamArn);
  const found = context.streams.find(streamArn);
  if (!found || found.stream.arn !== streamArn) throw new ResourceNotFoundException(`Requested resource not found: Stream: ${streamArn} not found`);
  const { stream, tableName } = found;
  const first = await context.streams.firstSequence(stream.arn);
  const start = first ?? formatSequence(BigInt(stream.trimmedThrough ?? (await context.streams.lastSequence(stream.arn)) ?? '0') + 1n);
  const shards = exclusiveStartShardId === stream.shardId || shardFilter?.Type === 'CHILD_SHARDS' ? [] : [{ ShardId: stream.shardId, SequenceNumberRange: { StartingSequenceNumber: start } }];
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
