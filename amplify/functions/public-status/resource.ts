import { defineFunction } from '@aws-amplify/backend';

/** GET /status and GET /status/feed (the REST API in amplify/backend.ts): the public status as JSON and Atom. */
export const publicStatus = defineFunction({
  name: 'public-status',
  entry: './handler.ts',
  timeoutSeconds: 10,
  resourceGroupName: 'ingest',
});
