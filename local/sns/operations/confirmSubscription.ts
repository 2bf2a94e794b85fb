import type { ConfirmSubscriptionInput, ConfirmSubscriptionResponse } from '@aws-sdk/client-sns';
import { defineOperation } from '../../kit';
import type { SnsCall } from '../context';
import { SnsErrors } from '../errors';
import { topicOf } from './members';

/** `ConfirmSubscription`: the token sent to the endpoint confirms its subscription (unsigned, as the emailed link is). */
export const confirmSubscription = defineOperation<ConfirmSubscriptionInput, ConfirmSubscriptionResponse, SnsCall>({
  name: 'ConfirmSubscription',
  action: false,
  input: { type: 'structure', members: { TopicArn: { type: 'string', required: true }, Token: { type: 'string', required: true }, AuthenticateOnUnsubscribe: { type: 'string' } } },
  async handle(input, call) {
    const topic = topicOf(call, input.TopicArn);
    const subscription = call.store.subscriptionsOf(topic.arn).find((candidate) => candidate.token === input.Token);
    if (!subscription) throw SnsErrors.invalidParameter('Token');
    if (!subscription.confirmed) await call.store.subscriptions.put(subscription.arn, { ...subscription, confirmed: true });
    return { SubscriptionArn: subscription.arn };
  },
});
