import type { CognitoOperation } from '../context';
import { InvalidParameterException } from '../errors';
import { checkInput } from '../input';

/** DeleteUserAttributes: the signed-in user removes optional attributes. */
export const deleteUserAttributes: CognitoOperation = async (input, call) => {
  const { pool, user } = call.tokenUser(input);
  const names = input.UserAttributeNames;
  checkInput(names, { type: 'list', required: true, member: { type: 'string', min: 1, max: 32 } }, 'UserAttributeNames');
  for (const name of names as string[]) {
    const definition = pool.config.schema.get(name);
    if (!definition) throw new InvalidParameterException(`Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.`);
    if (definition.required || name === 'sub') throw new InvalidParameterException(`Cannot delete required attribute ${name}`);
  }
  for (const name of names as string[]) {
    delete user.attributes[name];
    if (name === 'email' || name === 'phone_number') delete user.attributes[`${name}_verified`];
  }
  user.modified = call.now();
  pool.store.put(user);
  await pool.store.save();
  return {};
};
