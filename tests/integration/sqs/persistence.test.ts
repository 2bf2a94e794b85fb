/**
 * SQS state across a restart on a state directory: queues, messages that were acknowledged, and
 * messages in flight, which come back after their visibility timeout with their receive count.
 * (The SIGKILL case is the state store's crash test.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { afterAll, expect, it } from 'vitest';
import { iamService } from '../../../local/iam';
import { createSqsService } from '../../../local/sqs';
import { clientConfig, startTestCloud } from '../../helpers/cloud';

const stateDir = mkdtempSync(path.join(os.tmpdir(), 'flare-sqs-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

const start = () => startTestCloud({ stateDir, services: [iamService(), createSqsService()] });

it('keeps queues and messages across a restart; a message received and not deleted returns after its visibility timeout', async () => {
  let cloud = await start();
  let sqs = new SQSClient(clientConfig(cloud));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'kept', Attributes: { VisibilityTimeout: '2' } }));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'first' }));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'second' }));
  const { Messages: inFlight } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 }));
  expect(inFlight).toHaveLength(1);
  sqs.destroy();
  await cloud.stop();

  cloud = await start();
  sqs = new SQSClient(clientConfig(cloud));
  expect((await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['VisibilityTimeout'] }))).Attributes).toEqual({ VisibilityTimeout: '2' });
  const received: Message[] = [];
  while (received.length < 2) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 5, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    if (Messages.length === 0) break;
    received.push(...Messages);
  }
  const byBody = Object.fromEntries(received.map((message) => [message.Body, message]));
  expect(Object.keys(byBody).sort()).toEqual(['first', 'second']);
  expect(byBody[inFlight![0].Body!].MessageId).toBe(inFlight![0].MessageId);
  expect(byBody[inFlight![0].Body!].Attributes?.ApproximateReceiveCount).toBe('2');
  sqs.destroy();
  await cloud.stop();
});
