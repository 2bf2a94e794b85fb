import { defineFunction } from '@aws-amplify/backend';

/** Drains the alert queue into reportAlert, through the data API with IAM (so subscribers see each alert). */
export const alertQueue = defineFunction({
  name: 'alert-queue',
  entry: './handler.ts',
  timeoutSeconds: 30,
  // Calls the data API with IAM, so it sits with the data resources (as escalate does).
  resourceGroupName: 'data',
});
