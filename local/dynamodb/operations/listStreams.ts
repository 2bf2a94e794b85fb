import type { Operation } from './context';
import { limitMember, stringMember } from './streamInput';

/** ListStreams: the streams of every table (or of TableName), by ARN. */
export const listStreams: Operation = async (input, context) => {
  const tableName = stringMember(input, 'TableName', { min: 3, max: 255 });
  const start = stringMember(input, 'ExclusiveStartStreamArn', { min: 37, max: 1024 });
  const limit = limitMember(input, 100) ?? 100;
  context.authorize('dynamodb:ListStreams', '*');
  const streams = context.database.streams()
    .filter((entry) => tableName === undefined || entry.tableName === tableName)
    .map(({ tableName: name, stream }) => ({ StreamArn: stream.arn, TableName: name, StreamLabel: stream.label }))
    .sort((a, b) => a.StreamArn.localeCompare(b.StreamArn))
    .filter((stream) => start === undefined || stream.StreamArn > start);
  const page = streams.slice(0, limit);
  return streams.length > limit ? { Streams: page, LastEvaluatedStreamArn: page[page.length - 1].StreamArn } : { Streams: page };
};
