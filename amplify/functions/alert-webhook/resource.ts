import { defineFunction } from '@aws-amplify/backend';

/** POST /alerts/{integrationId}: normalizes a monitoring tool's payload into one queue message per alert. */
export const alertWebhook = defineFunction({
  name: 'alert-webhook',
  entry: './handler.ts',
  timeoutSeconds: 10,
  resourceGroupName: 'ingest',
});
