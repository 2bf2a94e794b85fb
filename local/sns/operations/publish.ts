import type { PublishInput, PublishResponse } from '@aws-sdk/client-sns';
import { defineOperation } from '../../kit';
import type { SnsCall } from '../context';
import { SnsErrors } from '../errors';
import { publishRequest, refusal } from '../publishing';
import { MESSAGE_ATTRIBUTES, topicOf } from './members';

/** `Publish` to a topic (TargetArn of a topic too); publishing straight to a phone number is not run. */
export const publish = defineOperation<PublishInput, PublishResponse, SnsCall>({
  name: 'Publish',
  input: {
    type: 'structure',
    members: {
      TopicArn: { type: 'string' },
      TargetArn: { type: 'string' },
      PhoneNumber: { type: 'string' },
      Message: { type: 'string', required: true },
      Subject: { type: 'string' },
      MessageStructure: { type: 'string' },
      MessageAttributes: MESSAGE_ATTRIBUTES,
      MessageDeduplicationId: { type: 'string' },
      MessageGroupId: { type: 'string' },
    },
  },
  async handle(input, call) {
    if (input.PhoneNumber !== undefined) throw SnsErrors.notImplemented('Publish to a PhoneNumber is not implemented locally: subscribe the number (sms) to a topic and publish there');
    const arn = input.TopicArn ?? input.TargetArn;
    if (arn === undefined) throw SnsErrors.invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
    const topic = topicOf(call, arn);
    call.authorize(topic.arn);
    const request = publishRequest(input as Parameters<typeof publishRequest>[0], call.traceHeader);
    const refused = refusal(topic, request);
    if (refused) throw refused;
    const { messageId, sequenceNumber } = await call.publisher.publish(topic, request);
    return { MessageId: messageId, ...(sequenceNumber && { SequenceNumber: sequenceNumber }) };
  },
});
