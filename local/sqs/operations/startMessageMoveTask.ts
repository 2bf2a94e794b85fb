import type { StartMessageMoveTaskRequest, StartMessageMoveTaskResult } from '@aws-sdk/client-sqs';
import { defineOperation } from '../../kit';
import type { SqsCall } from '../context';
import { SqsErrors } from '../errors';

/**
 * `AmazonSQS.StartMessageMoveTask`: moves a dead-letter queue's messages back to their source
 * queues, or to DestinationArn. The source must be a standard queue that is some queue's
 * dead-letter queue; MaxNumberOfMessagesPerSecond is at most 500.
 */
export const startMessageMoveTask = defineOperation<StartMessageMoveTaskRequest, StartMessageMoveTaskResult, SqsCall>({
  name: 'StartMessageMoveTask',
  input: { type: 'structure', members: { SourceArn: { type: 'string', required: true }, DestinationArn: { type: 'string' }, MaxNumberOfMessagesPerSecond: { type: 'integer' } } },
  handle(input, call) {
    const source = call.queues.byArn(input.SourceArn);
    if (!source) throw SqsErrors.resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    call.authorize(source.arn);
    if (source.fifo) throw SqsErrors.unsupportedOperation('Message move tasks are not supported for FIFO queues.');
    if (call.queues.sourcesOf(source.arn).length === 0) throw SqsErrors.invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
    const destination = input.DestinationArn === undefined ? undefined : call.queues.byArn(input.DestinationArn);
    if (input.DestinationArn !== undefined && !destination) throw SqsErrors.resourceNotFound("The resource that you specified for the DestinationArn parameter doesn't exist.");
    if (destination) call.authorize(destination.arn, { action: 'sqs:SendMessage' });
    const rate = input.MaxNumberOfMessagesPerSecond;
    if (rate !== undefined && (rate < 1 || rate > 500)) throw SqsErrors.invalidParameter('MaxNumberOfMessagesPerSecond', rate, 'Must be between 1 and 500.');
    return { TaskHandle: call.moves.start(source, destination, rate) };
  },
});
