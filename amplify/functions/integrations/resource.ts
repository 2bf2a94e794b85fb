import { defineFunction } from '@aws-amplify/backend';

/** addIntegration / rotateIntegrationToken resolver: integrations and their tokens in Secrets Manager. */
export const integrations = defineFunction({
  name: 'integrations',
  entry: './handler.ts',
  timeoutSeconds: 10,
  resourceGroupName: 'data',
});
