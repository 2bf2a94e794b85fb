import { util, extensions } from '@aws-appsync/utils';

/** onNoteAdded(incidentId): deliver only the notes of the incident asked for. */
export function request() {
  return {};
}

export function response(ctx) {
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ incidentId: { eq: ctx.args.incidentId } }));
  return null;
}
