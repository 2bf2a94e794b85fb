import { defineFunction } from '@aws-amplify/backend';

/** Raises the escalation level of unacknowledged incidents, every minute. */
export const escalate = defineFunction({
  name: 'escalate',
  entry: './handler.ts',
  schedule: 'every 1m',
  timeoutSeconds: 30,
  // Calls the data API with IAM, so it sits with the data resources.
  resourceGroupName: 'data',
});
