import { util, extensions } from '@aws-appsync/utils';

/** onIncidentChanged(serviceId): when a service is given, deliver only its incidents. */
export function request() {
  return {};
}

export function response(ctx) {
  if (ctx.args.serviceId) {
    const filter = { serviceId: { eq: ctx.args.serviceId } };
    extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  }
  return null;
}
