/**
 * SQS through @aws-sdk/client-sqs (AWS JSON 1.0): queues, send/receive/delete and their batch
 * forms, visibility, delay, long polling, attributes with the MD5s the SDK checks, FIFO order
 * and deduplication, redrive to a dead-letter queue and message move tasks, and SQS's own errors.
 * Behaviour as the SQS API reference and developer guide document it.
 */
import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand, CreateQueueCommand, DeleteMessageBatchCommand, DeleteMessageCommand, DeleteQueueCommand, GetQueueAttributesCommand,
  GetQueueUrlCommand, ListDeadLetterSourceQueuesCommand, ListMessageMoveTasksCommand, ListQueuesCommand, ListQueueTagsCommand, PurgeQueueCommand,
  ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SetQueueAttributesCommand, SQSClient, StartMessageMoveTaskCommand, TagQueueCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import { createSqsService } from '../../../local/sqs';
import { clientConfig, startTestCloud } from '../../helpers/cloud';

let cloud: LocalCloud;
let sqs: SQSClient;
let counter = 0;

/** A fresh queue per test, so tests do not see each other's messages. */
async function newQueue(attributes: Record<string, string> = {}, fifo = false): Promise<string> {
  const name = `q${++counter}-${Date.now()}${fifo ? '.fifo' : ''}`;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { ...attributes, ...(fifo && { FifoQueue: 'true' }) } }));
  return QueueUrl!;
}

const arnOf = async (url: string) => (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error & { Code?: string; $metadata: { httpStatusCode?: number } });

beforeAll(async () => {
  cloud = await startTestCloud({ services: [iamService(), createSqsService()] });
  sqs = new SQSClient(clientConfig(cloud));
});

afterAll(async () => {
  sqs?.destroy();
  await cloud?.stop();
});

describe('queues', () => {
  it('creates, finds, lists, tags and deletes a queue; CreateQueue is idempotent for the same attributes', async () => {
    const url = await newQueue({ VisibilityTimeout: '45' });
    const name = url.split('/').pop()!;
    expect(url).toBe(`${cloud.endpoint}/000000000000/${name}`);
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl).toBe(url);
    expect((await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '45' } }))).QueueUrl).toBe(url);
    const conflict = await failure(sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '46' } })));
    expect(conflict).toMatchObject({ name: 'QueueNameExists', message: 'A queue already exists with the same name and a different value for attribute VisibilityTimeout' });
    expect((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: name }))).QueueUrls).toEqual([url]);
    await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { team: 'flare' } }));
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toEqual({ team: 'flare' });
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const gone = await failure(sqs.send(new GetQueueUrlCommand({ QueueName: name })));
    expect(gone).toMatchObject({ name: 'QueueDoesNotExist', Code: 'AWS.SimpleQueueService.NonExistentQueue', message: 'The specified queue does not exist.' });
    expect(gone?.$metadata.httpStatusCode).toBe(400);
  });

  it('answers every attribute with SQS defaults, and refuses unknown names and bad values', async () => {
    const url = await newQueue();
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(Attributes).toMatchObject({
      VisibilityTimeout: '30', DelaySeconds: '0', MaximumMessageSize: '262144', MessageRetentionPeriod: '345600', ReceiveMessageWaitTimeSeconds: '0',
      ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0', ApproximateNumberOfMessagesDelayed: '0', SqsManagedSseEnabled: 'true',
      QueueArn: `arn:aws:sqs:us-east-1:000000000000:${url.split('/').pop()}`,
    });
    expect(await failure(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '43201' } })))).toMatchObject({ name: 'InvalidAttributeValue', message: 'Invalid value for the parameter VisibilityTimeout.' });
    expect(await failure(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Colour: 'blue' } as never })))).toMatchObject({ name: 'InvalidAttributeName', message: 'Unknown Attribute Colour.' });
    const badName = await failure(sqs.send(new CreateQueueCommand({ QueueName: 'has space' })));
    expect(badName).toMatchObject({ name: 'InvalidParameterValue', message: 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length' });
  });

  it('purges once a minute', async () => {
    const url = await newQueue();
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    expect(await failure(sqs.send(new PurgeQueueCommand({ QueueUrl: url })))).toMatchObject({ name: 'PurgeQueueInProgress' });
  });
});

describe('messages', () => {
  it('sends, receives with attributes and MD5s, hides in flight, and deletes', async () => {
    const url = await newQueue();
    const attributes = { severity: { DataType: 'String', StringValue: 'SEV1' }, count: { DataType: 'Number', StringValue: '3' }, raw: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) } };
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'alert fired', MessageAttributes: attributes }));
    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update('alert fired').digest('hex'));
    // The digest SQS documents: a message with one String attribute named "a" of value "b".
    const one = await sqs.send(new SendMessageCommand({ QueueUrl: await newQueue(), MessageBody: 'b', MessageAttributes: { a: { DataType: 'String', StringValue: 'b' } } }));
    const expected = createHash('md5').update(Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from('a'), Buffer.from([0, 0, 0, 6]), Buffer.from('String'), Buffer.from([1]), Buffer.from([0, 0, 0, 1]), Buffer.from('b')])).digest('hex');
    expect(one.MD5OfMessageAttributes).toBe(expected);

    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'], VisibilityTimeout: 30 }));
    expect(Messages).toHaveLength(1);
    const [message] = Messages!;
    expect(message).toMatchObject({ MessageId: sent.MessageId, Body: 'alert fired', MD5OfMessageAttributes: sent.MD5OfMessageAttributes });
    expect(message.MessageAttributes?.raw.BinaryValue).toEqual(new Uint8Array([1, 2, 3]));
    expect(message.MessageAttributes?.severity).toEqual({ DataType: 'String', StringValue: 'SEV1' });
    expect(message.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SenderId: expect.any(String), SentTimestamp: expect.stringMatching(/^\d+$/) });
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    const counts = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes;
    expect(counts).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    expect((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }))).Attributes).toEqual({ ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it('makes a message visible again when its visibility timeout is changed to 0, with its receive count raised', async () => {
    const url = await newQueue();
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'retry me' }));
    const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages![0];
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 0 }));
    const second = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }))).Messages![0];
    expect(second).toMatchObject({ MessageId: first.MessageId, Attributes: { ApproximateReceiveCount: '2' } });
    expect(second.ReceiptHandle).not.toBe(first.ReceiptHandle);
    // The first receive's handle no longer names a message in flight.
    expect(await failure(sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 10 })))).toMatchObject({ name: 'MessageNotInflight' });
  });

  it('delays a message (DelaySeconds) and long-polls until it is available', async () => {
    const url = await newQueue();
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 1 }));
    expect((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesDelayed'] }))).Attributes).toEqual({ ApproximateNumberOfMessagesDelayed: '1' });
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5 }));
    expect(Messages?.[0].Body).toBe('later');
  });

  it('answers a long poll as soon as a message is sent, and serves other requests meanwhile', async () => {
    const url = await newQueue();
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls).toContain(url);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    expect((await waiting).Messages?.[0].Body).toBe('wake up');
  });

  it('sends and deletes in batches, each entry succeeding or failing on its own', async () => {
    const url = await newQueue();
    const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'one' }, { Id: 'c', MessageBody: 'three' }, { Id: 'd', MessageBody: 'four', DelaySeconds: 901 }] }));
    expect(result.Successful?.map((entry) => entry.Id).sort()).toEqual(['a', 'c']);
    expect(result.Failed).toEqual([{ Id: 'd', SenderFault: true, Code: 'InvalidParameterValue', Message: 'Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.' }]);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    const deleted = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [...Messages!.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle! })), { Id: 'bad', ReceiptHandle: 'not-a-handle' }] }));
    expect(deleted.Successful).toHaveLength(2);
    expect(deleted.Failed).toEqual([{ Id: 'bad', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'The input receipt handle "not-a-handle" is not a valid receipt handle.' }]);
    expect(await failure(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })))).toMatchObject({ name: 'EmptyBatchRequest' });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' }));
    expect(await failure(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: eleven })))).toMatchObject({ name: 'TooManyEntriesInBatchRequest', message: 'Maximum number of entries per request are 10. You have sent 11.' });
    expect(await failure(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'x', MessageBody: '1' }, { Id: 'x', MessageBody: '2' }] })))).toMatchObject({ name: 'BatchEntryIdsNotDistinct', message: 'Id x repeated.' });
  });
});

describe('bad input', () => {
  it('refuses a message over the queue maximum (256 KiB by default) with SQS’s error', async () => {
    const url = await newQueue();
    const error = await failure(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(262_145) })));
    expect(error).toMatchObject({ name: 'InvalidParameterValue', message: 'One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.' });
    expect((await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(262_144) }))).MessageId).toBeDefined();
  });

  it('refuses bad receipt handles, wrong queue URLs, out-of-range numbers and characters outside XML', async () => {
    const url = await newQueue();
    expect(await failure(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage' })))).toMatchObject({ name: 'ReceiptHandleIsInvalid', message: 'The input receipt handle "garbage" is not a valid receipt handle.' });
    const missing = await failure(sqs.send(new SendMessageCommand({ QueueUrl: `${cloud.endpoint}/000000000000/no-such-queue`, MessageBody: 'x' })));
    expect(missing).toMatchObject({ name: 'QueueDoesNotExist', Code: 'AWS.SimpleQueueService.NonExistentQueue' });
    expect(await failure(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })))).toMatchObject({ name: 'InvalidParameterValue', message: 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.' });
    expect(await failure(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bad \u0001 char' })))).toMatchObject({ name: 'InvalidMessageContents' });
  });

  it('answers malformed JSON with a SerializationException and keeps serving', async () => {
    const response = await fetch(`${cloud.endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' }, body: '{"QueueUrl": ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'com.amazonaws.sqs#SerializationException' });
    expect((await sqs.send(new ListQueuesCommand({}))).$metadata.httpStatusCode).toBe(200);
  });
});

describe('FIFO queues', () => {
  it('delivers a group in order, one batch in flight per group, and drops duplicates within five minutes', async () => {
    const url = await newQueue({ ContentBasedDeduplication: 'true' }, true);
    for (const body of ['a1', 'a2', 'b1', 'a3']) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: body[0] }));
    const duplicate = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a1', MessageGroupId: 'a' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 2, MessageSystemAttributeNames: ['All'] }));
    expect(first.Messages?.map((m) => m.Body)).toEqual(['a1', 'a2']);
    expect(first.Messages![0].MessageId).toBe(duplicate.MessageId);
    // Group a is in flight: only b1 is receivable.
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(second.Messages?.map((m) => m.Body)).toEqual(['b1']);
    for (const m of first.Messages!) await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages?.map((m) => m.Body)).toEqual(['a3']);
    expect(Number(first.Messages![1].Attributes!.SequenceNumber)).toBeGreaterThan(Number(first.Messages![0].Attributes!.SequenceNumber));
  });

  it('requires a group id, and a deduplication id without content-based deduplication', async () => {
    const url = await newQueue({}, true);
    expect(await failure(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })))).toMatchObject({ name: 'MissingParameter', message: 'The request must contain the parameter MessageGroupId.' });
    expect(await failure(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g' })))).toMatchObject({
      name: 'InvalidParameterValue',
      message: 'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    });
    const a = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
    const b = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'y', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
    expect(b).toMatchObject({ MessageId: a.MessageId, SequenceNumber: a.SequenceNumber });
  });
});

describe('dead-letter queues', () => {
  it('moves a message received more than maxReceiveCount times, lists the source, and moves it back with a move task', async () => {
    const dlq = await newQueue();
    const dlqArn = await arnOf(dlq);
    const source = await newQueue({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) });
    await sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: 'poison' }));
    for (let i = 0; i < 2; i++) {
      const [m] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: source }))).Messages!;
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: source, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
    }
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: source }))).Messages).toBeUndefined();
    const moved = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MessageSystemAttributeNames: ['All'] }))).Messages!;
    expect(moved.map((m) => m.Body)).toEqual(['poison']);
    expect(moved[0].Attributes?.DeadLetterQueueSourceArn).toBe(await arnOf(source));
    expect((await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }))).queueUrls).toEqual([source]);

    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: dlq, ReceiptHandle: moved[0].ReceiptHandle, VisibilityTimeout: 0 }));
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    let status: string | undefined;
    for (let i = 0; i < 50 && status !== 'COMPLETED'; i++) {
      status = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }))).Results?.[0]?.Status;
      if (status !== 'COMPLETED') await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe('COMPLETED');
    const back = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: source, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }))).Messages!;
    expect(back.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([['poison', '1']]);
  });

  it('refuses a redrive policy whose dead-letter queue does not exist', async () => {
    const error = await failure(newQueue({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:nowhere', maxReceiveCount: 3 }) }));
    expect(error).toMatchObject({ name: 'InvalidParameterValue' });
    expect(error?.message).toContain('Dead letter target does not exist.');
  });
});
