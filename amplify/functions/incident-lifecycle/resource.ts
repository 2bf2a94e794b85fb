import { defineFunction } from '@aws-amplify/backend';

/** acknowledgeIncident / resolveIncident resolver. */
export const incidentLifecycle = defineFunction({
  name: 'incident-lifecycle',
  entry: './handler.ts',
  timeoutSeconds: 10,
  // A data resolver that reads data tables belongs in the data stack (no stack cycle).
  resourceGroupName: 'data',
});
