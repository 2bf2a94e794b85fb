import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { Principal } from '../iam/types';
import type { LocalService } from '../service';

/**
 * Contract of the local SQS service (implemented in local/sqs) for the other local services:
 * SNS and EventBridge deliver to queues through `sendMessage`, Lambda's event-source mappings
 * poll through `receiveMessages` and friends. Found as `services.find<SqsService>('sqs')`.
 */

/** A message another service sends, as SendMessage takes it. */
export interface QueueMessageInput {
  body: string;
  /** Message attributes as SendMessage takes them; binary values as base64 text. */
  attributes?: Readonly<Record<string, MessageAttributeValue>>;
  /** `AWSTraceHeader` (X-Ray's `Root=…;Parent=…;Sampled=…`), passed on to consumers. */
  traceHeader?: string;
  delaySeconds?: number;
  /** FIFO queues: required. */
  groupId?: string;
  /** FIFO queues without content-based deduplication: required. */
  deduplicationId?: string;
}

/** Who sends: an AWS service on its own (checked against the queue policy), or a signed principal (checked like SendMessage). */
export interface QueueSender {
  /** `sns.amazonaws.com`, `events.amazonaws.com`. */
  service?: string;
  /** The topic or rule ARN (`aws:SourceArn` in the queue policy's conditions). */
  sourceArn?: string;
  principal?: Principal;
}

export interface QueueReceiveOptions {
  /** 1–10 (an event-source mapping asks for up to 10 at a time). */
  maxMessages: number;
  /** Seconds; default the queue's. */
  visibilityTimeout?: number;
  /** Long polling: wait up to this long for a first message. */
  waitMs?: number;
  /** Ends a wait early (the mapping stopping). */
  signal?: AbortSignal;
}

/** What a poller needs to know of a queue. */
export interface QueueFacts {
  arn: string;
  fifo: boolean;
  /** Seconds. */
  visibilityTimeout: number;
}

export interface SqsService extends LocalService {
  readonly name: 'sqs';
  /**
   * Sends a message to the queue with this ARN, as SendMessage would (checks, size limit, FIFO
   * rules, durable when it resolves). A service sender must be allowed `sqs:SendMessage` by the
   * queue policy, as on AWS. Throws SqsError (QueueDoesNotExist, AccessDenied, InvalidParameterValue…).
   * @example
   * await sqs.sendMessage(queueArn, { body: JSON.stringify(notification), traceHeader }, { service: 'sns.amazonaws.com', sourceArn: topicArn });
   */
  sendMessage(queueArn: string, message: QueueMessageInput, sender: QueueSender): Promise<{ messageId: string; sequenceNumber?: string }>;
  /** The queue with this ARN, or undefined. */
  queueFacts(queueArn: string): QueueFacts | undefined;
  /** Receives as ReceiveMessage does, with every system and message attribute; [] when the queue is gone. */
  receiveMessages(queueArn: string, options: QueueReceiveOptions): Promise<Message[]>;
  /** Deletes messages by receipt handle (those already gone are no error). */
  deleteMessages(queueArn: string, receiptHandles: readonly string[]): Promise<void>;
  /** Sets the visibility timeout of messages in flight (those no longer in flight are skipped). */
  changeVisibility(queueArn: string, receiptHandles: readonly string[], seconds: number): Promise<void>;
}
