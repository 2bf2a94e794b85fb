import { defineAuth } from '@aws-amplify/backend';
import { postConfirmation } from '../functions/post-confirmation/resource';

/**
 * Email sign-in with two groups. Every confirmed user joins RESPONDERS through
 * the post-confirmation trigger; ADMINS is granted by hand.
 */
export const auth = defineAuth({
  loginWith: { email: true },
  groups: ['ADMINS', 'RESPONDERS'],
  triggers: { postConfirmation },
  access: (allow) => [allow.resource(postConfirmation).to(['addUserToGroup'])],
});
