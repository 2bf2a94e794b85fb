import type { Shape } from '../kit';
import { InvalidParameterException, NotAuthorizedException } from './errors';
import { checkInput, NAME_PATTERN } from './input';
import type { UserPoolClientConfig, UserPoolConfig } from './pool-config';

/** `[{ Name, Value }]`, Cognito's AttributeType list. */
export type AttributeList = { Name: string; Value: string }[];

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const PHONE = /^\+[0-9]{4,15}$/;
/** Attributes only Cognito sets. */
const SYSTEM_ATTRIBUTES = new Set(['sub', 'identities', 'cognito:user_status', 'cognito:mfa_enabled']);

/** AttributeListType as Cognito's model states it: names of 1 to 32 characters of AttributeNameType's pattern, sensitive values up to 2048. */
const ATTRIBUTE_LIST = {
  type: 'list',
  member: {
    type: 'structure',
    name: 'AttributeType',
    members: { Name: { type: 'string', required: true, min: 1, max: 32, pattern: NAME_PATTERN }, Value: { type: 'string', max: 2048, sensitive: true } },
  },
} as const satisfies Shape;

/**
 * Reads an `[{ Name, Value }]` member into a map, checked as Cognito's model says (wrong types are
 * a SerializationException, names out of length an InvalidParameterException).
 */
export function readAttributeList(member: string, value: unknown, required = false): Record<string, string> {
  checkInput(value, { ...ATTRIBUTE_LIST, required }, member);
  const out: Record<string, string> = {};
  for (const { Name, Value } of (value ?? []) as { Name: string; Value?: string }[]) out[Name] = Value ?? '';
  return out;
}

export function toAttributeList(attributes: Record<string, string>, only?: ReadonlySet<string>): AttributeList {
  return Object.entries(attributes)
    .filter(([name]) => !only || only.has(name))
    .map(([Name, Value]) => ({ Name, Value }));
}

function schemaError(name: string, reason: string): InvalidParameterException {
  return new InvalidParameterException(`Attributes did not conform to the schema: ${name}: ${reason}`);
}

/**
 * Checks attributes a caller wants to set against the pool's schema and the client's write
 * permissions: known names, formats of email and phone, lengths, and (when `creating` is
 * false) mutability.
 */
export function validateAttributes(
  pool: UserPoolConfig,
  attributes: Record<string, string>,
  options: { creating: boolean; client?: UserPoolClientConfig; admin?: boolean },
): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (SYSTEM_ATTRIBUTES.has(name)) {
      throw options.creating ? schemaError(name, 'Attribute cannot be provided.') : new InvalidParameterException(`Cannot modify the non-mutable attribute ${name}`);
    }
    const definition = pool.schema.get(name);
    if (!definition) throw schemaError(name, 'Attribute does not exist in the schema.');
    if (!options.creating && !definition.mutable) throw new InvalidParameterException(`Cannot modify the non-mutable attribute ${name}`);
    if (!options.admin && options.client?.writeAttributes && !options.client.writeAttributes.includes(name)) {
      throw new NotAuthorizedException('A client attempted to write unauthorized attribute');
    }
    if (definition.maxLength !== undefined && value.length > definition.maxLength) {
      throw schemaError(name, `String must be no longer than ${definition.maxLength} characters`);
    }
    if (definition.minLength !== undefined && value.length < definition.minLength && value !== '') {
      throw schemaError(name, `String must be no shorter than ${definition.minLength} characters`);
    }
    if (name === 'email' && value !== '' && !EMAIL.test(value)) throw new InvalidParameterException('Invalid email address format.');
    if (name === 'phone_number' && value !== '' && !PHONE.test(value)) throw new InvalidParameterException('Invalid phone number format.');
    if ((name === 'email_verified' || name === 'phone_number_verified') && value !== 'true' && value !== 'false') {
      throw schemaError(name, 'Value must be either true or false.');
    }
    if (definition.dataType === 'Number' && value !== '' && !Number.isFinite(Number(value))) throw schemaError(name, 'Number expected.');
  }
}

/** Required attributes a new user must have (Schema's `Required: true`). */
export function requireAttributes(pool: UserPoolConfig, attributes: Record<string, string>): void {
  for (const definition of pool.schema.values()) {
    if (!definition.required || definition.name === 'sub') continue;
    if (!attributes[definition.name]) throw schemaError(definition.name, `The attribute ${definition.name} is required`);
  }
}

/**
 * With UsernameAttributes, the username a caller gives must be one of them (and becomes
 * that attribute); with neither it must not look like one.
 */
export function usernameAttributeOf(pool: UserPoolConfig, username: string): 'email' | 'phone_number' | undefined {
  if (pool.usernameAttributes.length === 0) {
    if (EMAIL.test(username) && pool.aliasAttributes.includes('email')) {
      throw new InvalidParameterException('Username cannot be of email format, since user pool is configured for email alias.');
    }
    if (PHONE.test(username) && pool.aliasAttributes.includes('phone_number')) {
      throw new InvalidParameterException('Username cannot be of phone number format, since user pool is configured for phone_number alias.');
    }
    return undefined;
  }
  const email = pool.usernameAttributes.includes('email');
  const phone = pool.usernameAttributes.includes('phone_number');
  if (email && EMAIL.test(username)) return 'email';
  if (phone && PHONE.test(username)) return 'phone_number';
  throw new InvalidParameterException(
    email && phone ? 'Username should be either an email or a phone number.' : email ? 'Username should be an email.' : 'Username should be a phone number.',
  );
}

/** Masks an address the way CodeDeliveryDetails shows it: `a***@e***`, `+*******0123`. */
export function maskDestination(medium: 'EMAIL' | 'SMS', destination: string): string {
  if (medium === 'SMS') return `+${'*'.repeat(Math.max(destination.length - 5, 1))}${destination.slice(-4)}`;
  const [local, domain = ''] = destination.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}
