/**
 * What services deliver to one another in process: EventBridge targets and SNS subscriptions
 * reach SQS queues, SNS topics, event buses and state machines through the service registry by
 * these contracts, never over HTTP. A service that is not running, or that does not offer the
 * contract, fails the delivery loudly, naming itself (DeliveryFailure), so that the delivery
 * takes its retry and dead-letter path rather than vanishing.
 */
import type { LocalService, ServiceRegistry } from '../service';

/** A message attribute as SQS and SNS carry it. */
export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

export interface QueueMessage {
  body: string;
  attributes?: Readonly<Record<string, MessageAttribute>>;
  /** FIFO queues. */
  groupId?: string;
  deduplicationId?: string;
  /** The X-Ray trace header (`AWSTraceHeader` system attribute). */
  traceHeader?: string;
}

/** Who sends, for the queue policy: an AWS service (`events.amazonaws.com`) for the rule or topic `sourceArn`. */
export interface QueueSender {
  service?: string;
  sourceArn?: string;
}

/** The local SQS (service name `sqs`). */
export interface QueueService extends LocalService {
  sendMessage(queueArn: string, message: QueueMessage, sender: QueueSender): Promise<{ messageId: string }>;
}

export interface TopicMessage {
  message: string;
  subject?: string;
  attributes?: Readonly<Record<string, MessageAttribute>>;
  groupId?: string;
  deduplicationId?: string;
  traceHeader?: string;
  /** Who publishes (`events.amazonaws.com` for EventBridge targets), for the topic policy. */
  servicePrincipal?: string;
  /** The ARN the publication comes from (`aws:SourceArn`): the rule, for an EventBridge target. */
  sourceArn?: string;
}

/** The local SNS (service name `sns`). */
export interface TopicService extends LocalService {
  publish(topicArn: string, message: TopicMessage): Promise<{ messageId: string }>;
}

/** The local Step Functions (service name `stepfunctions`). */
export interface StateMachineService extends LocalService {
  startExecution(stateMachineArn: string, input: string, options?: { name?: string; traceHeader?: string }): Promise<{ executionArn: string }>;
}

/** Why a delivery failed: `retryable` failures are tried again by the caller's retry policy. */
export class DeliveryFailure extends Error {
  constructor(readonly code: string, message: string, readonly retryable: boolean) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}

const SERVICE_NAMES = { sqs: 'SQS', sns: 'SNS', stepfunctions: 'Step Functions', events: 'EventBridge' } as const;

/**
 * The running service that offers `method`, or a DeliveryFailure naming what is missing.
 * @example
 * const sqs = deliveryService<QueueService>(services, 'sqs', 'sendMessage', queueArn);
 */
export function deliveryService<T extends LocalService>(services: ServiceRegistry, name: keyof typeof SERVICE_NAMES, method: keyof T & string, target: string): T {
  const service = services.find<T>(name);
  if (!service) {
    throw new DeliveryFailure('ServiceNotRunning', `no local ${SERVICE_NAMES[name]} service runs in this local cloud, so nothing can be delivered to ${target}`, false);
  }
  if (typeof (service as unknown as Record<string, unknown>)[method] !== 'function') {
    throw new DeliveryFailure('ServiceNotRunning', `the local ${SERVICE_NAMES[name]} service does not take in-process deliveries (${method}), so nothing can be delivered to ${target}`, false);
  }
  return service;
}
