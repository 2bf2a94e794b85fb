import { defineFunction } from '@aws-amplify/backend';

/** reportAlert resolver: fingerprint dedup. */
export const alertIntake = defineFunction({
  name: 'alert-intake',
  entry: './handler.ts',
  timeoutSeconds: 10,
  resourceGroupName: 'data',
});
