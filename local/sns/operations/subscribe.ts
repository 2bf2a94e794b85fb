import { randomBytes, randomUUID } from 'node:crypto';
import type { SubscribeInput, SubscribeResponse } from '@aws-sdk/client-sns';
import { isLoopbackUrl, sendHttp } from '../../delivery';
import { defineOperation } from '../../kit';
import type { SnsCall } from '../context';
import { SnsErrors } from '../errors';
import { checkFilterPolicy } from '../filter-policy';
import { PROTOCOLS, type Protocol, type SubscriptionRecord } from '../types';
import { topicOf } from './members';

/** The subscription attributes Subscribe and SetSubscriptionAttributes take. */
export const SUBSCRIPTION_ATTRIBUTES = ['FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery', 'RedrivePolicy', 'DeliveryPolicy', 'SubscriptionRoleArn'] as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{1,14}$/;

/** Checks one subscription attribute as SNS does. */
export function checkAttribute(name: string, value: string, protocol: Protocol): void {
  if (!(SUBSCRIPTION_ATTRIBUTES as readonly string[]).includes(name)) throw SnsErrors.invalidParameter(`AttributeName`);
  if (name === 'FilterPolicy' && value !== '') checkFilterPolicy(value);
  if (name === 'FilterPolicyScope' && value !== 'MessageAttributes' && value !== 'MessageBody') throw SnsErrors.invalidParameter('Attributes Reason: FilterPolicyScope: Invalid value [' + value + ']. Please use either MessageBody or MessageAttributes');
  if (name === 'RawMessageDelivery') {
    if (value !== 'true' && value !== 'false') throw SnsErrors.invalidParameter('Attributes Reason: RawMessageDelivery: Invalid value [' + value + ']. Must be true or false.');
    if (value === 'true' && !['sqs', 'http', 'https'].includes(protocol)) throw SnsErrors.invalidParameter('Attributes Reason: Delivery protocol [' + protocol + '] does not support raw message delivery.');
  }
}

/** Why an endpoint cannot take the protocol, or undefined. */
function endpointRefusal(protocol: Protocol, endpoint: string | undefined): string | undefined {
  if (endpoint === undefined || endpoint === '') return 'Endpoint Reason: no value for required parameter';
  switch (protocol) {
    case 'email':
    case 'email-json':
      return EMAIL.test(endpoint) ? undefined : 'Email address';
    case 'sms':
      return E164.test(endpoint.replace(/[\s\-()]/g, '')) ? undefined : `Invalid SMS endpoint: ${endpoint}`;
    case 'lambda':
      return /^arn:aws:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/.test(endpoint) ? undefined : 'Lambda endpoint ARN';
    case 'sqs':
      return /^arn:aws:sqs:[^:]+:\d{12}:[^:]+$/.test(endpoint) ? undefined : 'SQS endpoint ARN';
    case 'http':
    case 'https':
      if (!endpoint.startsWith(`${protocol}://`)) return `Endpoint must match the specified protocol`;
      return isLoopbackUrl(endpoint) ? undefined : `Endpoint ${endpoint} is not on this machine: the local cloud delivers only to loopback addresses`;
  }
}

/**
 * `Subscribe`: lambda, sqs and sms subscriptions are confirmed at once; email, email-json and
 * http(s) ones wait for ConfirmSubscription, whose link is sent to the endpoint (for email, in
 * the outbox). Subscribing the same endpoint again returns the existing subscription.
 */
export const subscribe = defineOperation<SubscribeInput, SubscribeResponse, SnsCall>({
  name: 'Subscribe',
  input: {
    type: 'structure',
    members: {
      TopicArn: { type: 'string', required: true },
      Protocol: { type: 'string', required: true },
      Endpoint: { type: 'string' },
      Attributes: { type: 'map', value: { type: 'string' } },
      ReturnSubscriptionArn: { type: 'boolean' },
    },
  },
  async handle(input, call) {
    const topic = topicOf(call, input.TopicArn);
    call.authorize(topic.arn);
    const protocol = input.Protocol.toLowerCase() as Protocol;
    if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
      if (['application', 'firehose'].includes(protocol)) throw SnsErrors.notImplemented(`${protocol} subscriptions are not implemented locally`);
      throw SnsErrors.invalidParameter(`Amazon SNS does not support this protocol string: ${input.Protocol}`);
    }
    const why = endpointRefusal(protocol, input.Endpoint);
    if (why) throw SnsErrors.invalidParameter(why);
    const endpoint = input.Endpoint!;
    for (const [name, value] of Object.entries(input.Attributes ?? {})) checkAttribute(name, value, protocol);
    const existing = call.store.subscriptionsOf(topic.arn).find((subscription) => subscription.protocol === protocol && subscription.endpoint === endpoint);
    if (existing) return { SubscriptionArn: existing.confirmed || input.ReturnSubscriptionArn ? existing.arn : 'pending confirmation' };
    const needsConfirmation = ['email', 'email-json', 'http', 'https'].includes(protocol);
    const subscription: SubscriptionRecord = {
      arn: `${topic.arn}:${randomUUID()}`,
      topicArn: topic.arn,
      protocol,
      endpoint,
      confirmed: !needsConfirmation,
      ...(needsConfirmation && { token: randomBytes(64).toString('hex') }),
      attributes: { ...input.Attributes },
      origin: 'api',
    };
    await call.store.subscriptions.put(subscription.arn, subscription);
    if (needsConfirmation) await sendConfirmation(call, subscription);
    return { SubscriptionArn: subscription.confirmed || input.ReturnSubscriptionArn ? subscription.arn : 'pending confirmation' };
  },
});

/** The SubscriptionConfirmation message with its SubscribeURL: into the outbox for email, posted for http(s). */
export async function sendConfirmation(call: Pick<SnsCall, 'deliveries' | 'links' | 'log'>, subscription: SubscriptionRecord): Promise<void> {
  const url = call.links.confirmUrl(subscription.topicArn, subscription.token!);
  const topicName = subscription.topicArn.split(':').pop();
  if (subscription.protocol === 'email' || subscription.protocol === 'email-json') {
    const body =
      subscription.protocol === 'email'
        ? `You have chosen to subscribe to the topic:\n${subscription.topicArn}\n\nTo confirm this subscription, click or visit the link below (If this was in error no action is necessary):\nConfirm subscription: ${url}\n`
        : JSON.stringify({ Type: 'SubscriptionConfirmation', MessageId: randomUUID(), Token: subscription.token, TopicArn: subscription.topicArn, Message: `You have chosen to subscribe to the topic ${subscription.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`, SubscribeURL: url, Timestamp: new Date().toISOString() });
    await call.deliveries.record({ protocol: subscription.protocol, to: subscription.endpoint, kind: 'SubscriptionConfirmation', subject: `AWS Notification - Subscription Confirmation (${topicName})`, body, topicArn: subscription.topicArn, subscriptionArn: subscription.arn });
    return;
  }
  // HTTP(S) endpoints are POSTed the confirmation; they confirm by visiting its SubscribeURL.
  const document = { Type: 'SubscriptionConfirmation', MessageId: randomUUID(), Token: subscription.token, TopicArn: subscription.topicArn, Message: `You have chosen to subscribe to the topic ${subscription.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`, SubscribeURL: url, Timestamp: new Date().toISOString() };
  void sendHttp({
    url: subscription.endpoint,
    headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'SubscriptionConfirmation', 'x-amz-sns-message-id': document.MessageId, 'x-amz-sns-topic-arn': subscription.topicArn },
    body: JSON.stringify(document),
    timeoutMs: 15_000,
  }).then(
    (answer) => answer.status >= 300 && call.log.warn(`subscription ${subscription.arn}: ${subscription.endpoint} answered ${answer.status} to its SubscriptionConfirmation`),
    (error: Error) => call.log.warn(`subscription ${subscription.arn}: its SubscriptionConfirmation could not be sent to ${subscription.endpoint} (${error.message}); it stays pending`),
  );
}
