/**
 * What SNS sends each protocol: the notification document (SQS without raw delivery, HTTP,
 * email-json), the Lambda event, the raw message, the email text. Message attributes appear as
 * `{ Type, Value }`, as SNS writes them.
 */
import type { MessageAttribute } from '../delivery';
import { snsTime } from './names';
import type { SubscriptionRecord } from './types';

export interface Notification {
  messageId: string;
  topicArn: string;
  subject?: string;
  /** The message as published (for MessageStructure json: the whole JSON document). */
  message: string;
  messageStructure?: string;
  attributes: Record<string, MessageAttribute>;
  /** Epoch ms. */
  timestamp: number;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
}

/** Links a notification carries (the local cloud's own endpoint). */
export interface Links {
  unsubscribeUrl(subscriptionArn: string): string;
}

/** The message a subscription's protocol receives: the protocol's key of a json structure, else `default`. */
export function messageFor(notification: Notification, protocol: string): string {
  if (notification.messageStructure !== 'json') return notification.message;
  const structure = JSON.parse(notification.message) as Record<string, unknown>;
  return String(structure[protocol] ?? structure.default);
}

const attributeValue = (attribute: MessageAttribute) => (attribute.BinaryValue ? Buffer.from(attribute.BinaryValue).toString('base64') : String(attribute.StringValue));

/** `{ name: { Type, Value } }`: message attributes as the notification document writes them. */
export function documentAttributes(attributes: Record<string, MessageAttribute>): Record<string, { Type: string; Value: string }> {
  return Object.fromEntries(Object.entries(attributes).map(([name, attribute]) => [name, { Type: attribute.DataType, Value: attributeValue(attribute) }]));
}

/**
 * The notification document. SNS also signs it (Signature, SigningCertURL); the local cloud
 * does not sign yet, so those fields are absent and verifiers refuse it (see README).
 */
export function notificationDocument(notification: Notification, subscription: SubscriptionRecord, links: Links): Record<string, unknown> {
  const attributes = documentAttributes(notification.attributes);
  return {
    Type: 'Notification',
    MessageId: notification.messageId,
    ...(notification.sequenceNumber && { SequenceNumber: notification.sequenceNumber }),
    TopicArn: notification.topicArn,
    ...(notification.subject !== undefined && { Subject: notification.subject }),
    Message: messageFor(notification, subscription.protocol),
    Timestamp: snsTime(notification.timestamp),
    UnsubscribeURL: links.unsubscribeUrl(subscription.arn),
    ...(Object.keys(attributes).length > 0 && { MessageAttributes: attributes }),
  };
}

/** The event a Lambda subscriber receives. */
export function lambdaEvent(notification: Notification, subscription: SubscriptionRecord, links: Links): Record<string, unknown> {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscription.arn,
        Sns: {
          Type: 'Notification',
          MessageId: notification.messageId,
          TopicArn: notification.topicArn,
          Subject: notification.subject ?? null,
          Message: messageFor(notification, 'lambda'),
          Timestamp: snsTime(notification.timestamp),
          UnsubscribeUrl: links.unsubscribeUrl(subscription.arn),
          MessageAttributes: documentAttributes(notification.attributes),
        },
      },
    ],
  };
}

/** An email's text: the message, then how to unsubscribe, as SNS's emails end. */
export function emailText(notification: Notification, subscription: SubscriptionRecord, links: Links): string {
  return `${messageFor(notification, 'email')}\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n${links.unsubscribeUrl(subscription.arn)}\n`;
}
