import type { BatchResultErrorEntry, PublishBatchInput, PublishBatchResponse, PublishBatchResultEntry } from '@aws-sdk/client-sns';
import { defineOperation } from '../../kit';
import type { SnsCall } from '../context';
import { SnsErrors } from '../errors';
import { MAX_MESSAGE_BYTES, publishRequest, refusal } from '../publishing';
import { MESSAGE_ATTRIBUTES, topicOf } from './members';

/** `PublishBatch`: up to ten messages; each refused entry fails alone, in `Failed`. */
export const publishBatch = defineOperation<PublishBatchInput, PublishBatchResponse, SnsCall>({
  name: 'PublishBatch',
  input: {
    type: 'structure',
    members: {
      TopicArn: { type: 'string', required: true },
      PublishBatchRequestEntries: {
        type: 'list',
        required: true,
        member: {
          type: 'structure',
          members: {
            Id: { type: 'string', required: true },
            Message: { type: 'string', required: true },
            Subject: { type: 'string' },
            MessageStructure: { type: 'string' },
            MessageAttributes: MESSAGE_ATTRIBUTES,
            MessageDeduplicationId: { type: 'string' },
            MessageGroupId: { type: 'string' },
          },
        },
      },
    },
  },
  async handle(input, call) {
    const topic = topicOf(call, input.TopicArn);
    call.authorize(topic.arn, { action: 'sns:Publish' });
    const entries = input.PublishBatchRequestEntries;
    if (entries.length === 0) throw SnsErrors.emptyBatch();
    if (entries.length > 10) throw SnsErrors.tooManyEntries();
    if (new Set(entries.map((entry) => entry.Id)).size !== entries.length) throw SnsErrors.idsNotDistinct();
    if (entries.reduce((total, entry) => total + Buffer.byteLength(entry.Message), 0) > MAX_MESSAGE_BYTES) throw SnsErrors.batchTooLong();
    const successful: PublishBatchResultEntry[] = [];
    const failed: BatchResultErrorEntry[] = [];
    for (const entry of entries) {
      const request = publishRequest(entry as Parameters<typeof publishRequest>[0], call.traceHeader);
      const refused = refusal(topic, request);
      if (refused) {
        failed.push({ Id: entry.Id, Code: refused.code, Message: refused.message, SenderFault: true });
        continue;
      }
      const { messageId, sequenceNumber } = await call.publisher.publish(topic, request);
      successful.push({ Id: entry.Id, MessageId: messageId, ...(sequenceNumber && { SequenceNumber: sequenceNumber }) });
    }
    return { Successful: successful, Failed: failed };
  },
});
