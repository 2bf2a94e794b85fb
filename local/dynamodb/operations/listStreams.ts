import type { ListStreamsInput } from '@aws-sdk/client-dynamodb-streams';
import { validated, type Operation } from './context';
import { limit as limitShape, STREAM_ARN } from './streamMembers';

/** ListStreams: the streams of every table (or of TableName), by ARN. */
export const listStreams: Operation = async (input, context) => {
  const request = validated<ListStreamsInput>(input, {
    type: 'structure',
    members: { TableName: { type: 'string', min: 3, max: 255 }, Limit: limitShape(100), ExclusiveStartStreamArn: STREAM_ARN },
  });
  const { TableName: tableName, ExclusiveStartStreamArn: start } = request;
  const limit = request.Limit ?? 100;
  context.authorize('dynamodb:ListStreams', '*');
  const streams = context.database.streams()
    .filter((entry) => tableName === undefined || entry.tableName === tableName)
    .map(({ tableName: name, stream }) => ({ StreamArn: stream.arn, TableName: name, StreamLabel: stream.label }))
    .sort((a, b) => a.StreamArn.localeCompare(b.StreamArn))
    .filter((stream) => start === undefined || stream.StreamArn > start);
  const page = streams.slice(0, limit);
  return streams.length > limit ? { Streams: page, LastEvaluatedStreamArn: page[page.length - 1].StreamArn } : { Streams: page };
};
