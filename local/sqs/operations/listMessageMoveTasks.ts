import type { ListMessageMoveTasksRequest, ListMessageMoveTasksResult } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { SqsErrors } from '../errors';

/** `AmazonSQS.ListMessageMoveTasks`: a source queue's tasks, the latest first (MaxResults 1–10, default 1). */
export const listMessageMoveTasks = defineOperation<ListMessageMoveTasksRequest, ListMessageMoveTasksResult, SqsCall>({
  name: 'ListMessageMoveTasks',
  input: { type: 'structure', members: { SourceArn: { type: 'string', required: true }, MaxResults: { type: 'integer' } } },
  handle(input, call) {
    const source = call.queues.byArn(input.SourceArn);
    if (!source) throw SqsErrors.resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    call.authorize(source.arn);
    const max = input.MaxResults ?? 1;
    if (max < 1 || max > 10) throw SqsErrors.invalidParameter('MaxResults', max, 'Must be between 1 and 10.');
    return { Results: call.moves.list(source.arn, max) };
  },
});
