import type { CognitoOperation } from '../context';

/** GetUser: the signed-in user's attributes (what aws-amplify's fetchUserAttributes reads). */
export const getUser: CognitoOperation = (input, call) => {
  const { pool, user, client } = call.tokenUser(input);
  return { Username: user.username, UserAttributes: pool.readableAttributes(user, client) };
};
