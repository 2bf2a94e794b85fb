import { defineFunction } from '@aws-amplify/backend';

/** The alert webhook's Lambda authorizer: the integration's token, from Secrets Manager. */
export const alertAuthorizer = defineFunction({
  name: 'alert-authorizer',
  entry: './handler.ts',
  timeoutSeconds: 5,
  // With the webhook's HTTP API and queue (amplify/backend.ts): one stack, no cycles.
  resourceGroupName: 'ingest',
});
