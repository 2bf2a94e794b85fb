import { toAttributeList } from '../attributes';
import type { CognitoOperation } from '../context';

/** AdminGetUser: a user's attributes and status. */
export const adminGetUser: CognitoOperation = (input, call) => {
  const pool = call.adminPool(input);
  const user = call.adminUser(pool, input);
  return {
    Username: user.username,
    UserAttributes: toAttributeList(user.attributes),
    UserCreateDate: user.created / 1000,
    UserLastModifiedDate: user.modified / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
};
