/** `GetSubscriptionAttributes` and `SetSubscriptionAttributes`. */
import type { GetSubscriptionAttributesInput, GetSubscriptionAttributesResponse, SetSubscriptionAttributesInput } from '@aws-sdk/client-sns';
import { LOCAL_ACCOUNT } from '../../assembly';
import { defineOperation } from '../../kit';
import type { SnsCall } from '../context';
import { topicOfSubscription } from '../names';
import { subscriptionOf } from './members';
import { checkAttribute } from './subscribe';

export const getSubscriptionAttributes = defineOperation<GetSubscriptionAttributesInput, GetSubscriptionAttributesResponse, SnsCall>({
  name: 'GetSubscriptionAttributes',
  input: { type: 'structure', members: { SubscriptionArn: { type: 'string', required: true } } },
  handle(input, call) {
    call.authorize(topicOfSubscription(input.SubscriptionArn));
    const subscription = subscriptionOf(call, input.SubscriptionArn);
    return {
      Attributes: {
        SubscriptionArn: subscription.arn,
        TopicArn: subscription.topicArn,
        Protocol: subscription.protocol,
        Endpoint: subscription.endpoint,
        Owner: LOCAL_ACCOUNT.accountId,
        PendingConfirmation: String(!subscription.confirmed),
        ConfirmationWasAuthenticated: String(subscription.confirmed),
        RawMessageDelivery: 'false',
        ...subscription.attributes,
        ...(subscription.attributes.FilterPolicy && !subscription.attributes.FilterPolicyScope && { FilterPolicyScope: 'MessageAttributes' }),
      },
    };
  },
});

export const setSubscriptionAttributes = defineOperation<SetSubscriptionAttributesInput, Record<string, never>, SnsCall>({
  name: 'SetSubscriptionAttributes',
  input: { type: 'structure', members: { SubscriptionArn: { type: 'string', required: true }, AttributeName: { type: 'string', required: true }, AttributeValue: { type: 'string' } } },
  async handle(input, call) {
    call.authorize(topicOfSubscription(input.SubscriptionArn));
    const subscription = subscriptionOf(call, input.SubscriptionArn);
    const value = input.AttributeValue ?? '';
    checkAttribute(input.AttributeName, value, subscription.protocol);
    const attributes = { ...subscription.attributes, [input.AttributeName]: value };
    if (value === '') delete attributes[input.AttributeName];
    await call.store.subscriptions.put(subscription.arn, { ...subscription, attributes });
    return {};
  },
});
