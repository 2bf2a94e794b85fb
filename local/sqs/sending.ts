import type { MessageAttributeValue, MessageSystemAttributeValue, SendMessageResult } from '@aws-sdk/client-sqs';
import { SqsError, SqsErrors } from './errors';
import { checkCharacters, md5OfAttributes, md5OfBody, readAttributes } from './messages';
import type { NewMessage, Queue } from './queue';
import { BATCH_ENTRY_ID } from './operations/members';

/** A send as SendMessage and each SendMessageBatch entry give it. */
export interface SendRequest {
  MessageBody: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MessageSystemAttributes?: Partial<Record<string, MessageSystemAttributeValue>>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

const GROUP_OR_DEDUPLICATION_ID = /^[\x21-\x7E]{1,128}$/;
const notForThisQueue = (parameter: string, value: unknown) => SqsErrors.invalidParameter(parameter, value, 'The request include parameter that is not valid for this queue type.');

/**
 * Checks a send against the queue as SQS does (body characters, size with attributes, delay,
 * FIFO group and deduplication ids, the AWSTraceHeader system attribute) and builds the message.
 * @example
 * const message = prepareSend(queue, input, call.senderId, call.traceHeader);
 * `requestTraceHeader` is the request's `X-Amzn-Trace-Id` (the AWS SDK inside a function sends its
 * invocation's): SQS keeps it as the message's AWSTraceHeader when the sender sets none.
 */
export function prepareSend(queue: Queue, request: SendRequest, senderId: string, requestTraceHeader?: string): { message: NewMessage; size: number } {
  const body = request.MessageBody;
  if (body === '') throw SqsErrors.missingParameter('MessageBody');
  checkCharacters(body);
  const { attributes, size: attributesSize } = readAttributes(request.MessageAttributes);
  const size = Buffer.byteLength(body, 'utf8') + attributesSize;
  const limit = Number(queue.record.attributes.MaximumMessageSize);
  if (size > limit) throw SqsErrors.messageTooLong(limit);

  const delay = request.DelaySeconds;
  if (delay !== undefined) {
    if (queue.fifo) throw notForThisQueue('DelaySeconds', delay);
    if (delay < 0 || delay > 900) throw SqsErrors.invalidParameter('DelaySeconds', delay, 'DelaySeconds must be >= 0 and <= 900.');
  }
  const groupId = request.MessageGroupId;
  if (queue.fifo && groupId === undefined) throw SqsErrors.missingParameter('MessageGroupId');
  if (groupId !== undefined && !GROUP_OR_DEDUPLICATION_ID.test(groupId)) throw SqsErrors.invalidParameter('MessageGroupId', groupId, 'MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.');
  const deduplicationId = request.MessageDeduplicationId;
  if (deduplicationId !== undefined) {
    if (!queue.fifo) throw notForThisQueue('MessageDeduplicationId', deduplicationId);
    if (!GROUP_OR_DEDUPLICATION_ID.test(deduplicationId)) throw SqsErrors.invalidParameter('MessageDeduplicationId', deduplicationId, 'MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.');
  }

  let traceHeader: string | undefined;
  for (const [name, value] of Object.entries(request.MessageSystemAttributes ?? {})) {
    if (name !== 'AWSTraceHeader') throw SqsErrors.invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    if (value?.DataType !== 'String' || !value.StringValue) throw SqsErrors.invalidParameterValue("Message system attribute 'AWSTraceHeader' must contain a non-empty value of type 'String'.");
    traceHeader = value.StringValue;
  }
  return {
    size,
    message: {
      body,
      md5OfBody: md5OfBody(body),
      ...(attributes && { attributes, md5OfAttributes: md5OfAttributes(attributes) }),
      ...(traceHeader !== undefined && { traceHeader, md5OfSystemAttributes: md5OfAttributes({ AWSTraceHeader: { DataType: 'String', StringValue: traceHeader } }) }),
      ...(traceHeader === undefined && requestTraceHeader && { traceHeader: requestTraceHeader }),
      delaySeconds: delay,
      groupId,
      deduplicationId,
      senderId,
    },
  };
}

/** Sends a prepared message and answers as SendMessage does. */
export async function sendPrepared(queue: Queue, message: NewMessage, now: number): Promise<SendMessageResult> {
  const sent = await queue.send(message, now);
  const stored = 'id' in sent ? sent : undefined;
  return {
    MessageId: stored?.id ?? ('messageId' in sent ? sent.messageId : undefined),
    MD5OfMessageBody: message.md5OfBody,
    ...(message.md5OfAttributes && { MD5OfMessageAttributes: message.md5OfAttributes }),
    ...(message.md5OfSystemAttributes && { MD5OfMessageSystemAttributes: message.md5OfSystemAttributes }),
    ...(queue.fifo && { SequenceNumber: stored?.sequenceNumber ?? ('sequenceNumber' in sent ? sent.sequenceNumber : undefined) }),
  };
}

/**
 * SQS's checks of a batch request before any entry runs: not empty, at most 10, ids of letters,
 * digits, `-` and `_` (at most 80), no id twice.
 */
export function checkBatch(entries: readonly { Id: string }[], entryName: string): void {
  if (entries.length === 0) throw SqsErrors.emptyBatchRequest(entryName);
  if (entries.length > 10) throw SqsErrors.tooManyEntriesInBatchRequest(entries.length);
  const seen = new Set<string>();
  for (const { Id } of entries) {
    if (!BATCH_ENTRY_ID.test(Id)) throw SqsErrors.invalidBatchEntryId();
    if (seen.has(Id)) throw SqsErrors.batchEntryIdsNotDistinct(Id);
    seen.add(Id);
  }
}

/** An entry's failure as batch results list it: the SQS error's query code and message. */
export function batchFailure(id: string, error: unknown): { Id: string; SenderFault: boolean; Code: string; Message: string } {
  if (error instanceof SqsError) return { Id: id, SenderFault: error.fault === 'Sender', Code: error.queryCode, Message: error.message };
  throw error;
}
