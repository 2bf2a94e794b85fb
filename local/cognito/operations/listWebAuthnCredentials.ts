import type { CognitoOperation } from '../context';

/**
 * ListWebAuthnCredentials: the signed-in user's passkeys. The local pools do not register
 * passkeys, so there are none; the Authenticator asks after sign-up to decide whether to
 * offer registering one.
 */
export const listWebAuthnCredentials: CognitoOperation = (input, call) => {
  call.tokenUser(input);
  return { Credentials: [] };
};
