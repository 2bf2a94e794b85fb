import type { UnsubscribeInput } from '@aws-sdk/client-sns';
import { defineOperation } from '../../kit';
import type { SnsCall } from '../context';
import { topicOfSubscription } from '../names';
import { subscriptionOf } from './members';

/**
 * `Unsubscribe`. Unsigned calls are the unsubscribe link every email carries (a GET of
 * `?Action=Unsubscribe&SubscriptionArn=…`), which AWS also honours without credentials.
 */
export const unsubscribe = defineOperation<UnsubscribeInput, Record<string, never>, SnsCall>({
  name: 'Unsubscribe',
  input: { type: 'structure', members: { SubscriptionArn: { type: 'string', required: true } } },
  async handle(input, call) {
    call.authorize(topicOfSubscription(input.SubscriptionArn));
    subscriptionOf(call, input.SubscriptionArn);
    await call.store.subscriptions.delete(input.SubscriptionArn);
    return {};
  },
});
