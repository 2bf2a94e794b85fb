import { defineFunction } from '@aws-amplify/backend';

/** incidentStats resolver. */
export const incidentStats = defineFunction({
  name: 'incident-stats',
  entry: './handler.ts',
  timeoutSeconds: 15,
  resourceGroupName: 'data',
});
