import { defineFunction } from '@aws-amplify/backend';

export const postConfirmation = defineFunction({
  name: 'post-confirmation',
  entry: './handler.ts',
  environment: { GROUP_NAME: 'RESPONDERS' },
  // An auth trigger lives in the auth stack, or auth and function stacks depend on each other.
  resourceGroupName: 'auth',
});
