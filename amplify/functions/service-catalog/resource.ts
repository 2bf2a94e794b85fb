import { defineFunction } from '@aws-amplify/backend';

/** addService / editService resolver: validates and keeps service names unique. */
export const serviceCatalog = defineFunction({
  name: 'service-catalog',
  entry: './handler.ts',
  timeoutSeconds: 10,
  resourceGroupName: 'data',
});
