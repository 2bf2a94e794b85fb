import { defineStorage } from '@aws-amplify/backend';
import { incidentLifecycle } from '../functions/incident-lifecycle/resource';

/** Files: incident attachments, status-page assets, avatars, and reports written by functions. */
export const storage = defineStorage({
  name: 'flareFiles',
  access: (allow) => ({
    'attachments/*': [allow.groups(['RESPONDERS', 'ADMINS']).to(['read', 'write', 'delete'])],
    // A user in a group gets that group's role from the identity pool, not the
    // authenticated role, so group members are named wherever signed-in users are.
    'status-assets/*': [
      allow.guest.to(['read']),
      allow.authenticated.to(['read']),
      allow.groups(['RESPONDERS']).to(['read']),
      allow.groups(['ADMINS']).to(['read', 'write', 'delete']),
    ],
    'avatars/{entity_id}/*': [
      allow.entity('identity').to(['read', 'write', 'delete']),
      allow.authenticated.to(['read']),
      allow.groups(['RESPONDERS', 'ADMINS']).to(['read']),
    ],
    'reports/*': [
      allow.groups(['RESPONDERS', 'ADMINS']).to(['read']),
      allow.resource(incidentLifecycle).to(['write']),
    ],
  }),
});
