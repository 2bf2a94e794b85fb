import { InvalidParameterException } from './errors';

/**
 * Reading request members as the API's validation does: required members, strings, maps.
 * The member name in messages is the wire name with a lower-case first letter, as AWS's
 * validation reports it (`clientId`, `userPoolId`).
 */
export type Input = Record<string, unknown>;

const memberName = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

export function requireString(input: Input, name: string): string {
  const value = input[name];
  if (value === undefined || value === null) throw InvalidParameterException.validation(memberName(name), value, 'Member must not be null');
  if (typeof value !== 'string') throw new InvalidParameterException(`${name} must be a string`);
  if (value.length === 0) throw InvalidParameterException.validation(memberName(name), value, 'Member must have length greater than or equal to 1');
  return value;
}

export function optionalString(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidParameterException(`${name} must be a string`);
  return value;
}

export function optionalInteger(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new InvalidParameterException(`${name} must be an integer`);
  if (value < min) throw InvalidParameterException.validation(memberName(name), value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw InvalidParameterException.validation(memberName(name), value, `Member must have value less than or equal to ${max}`);
  return value;
}

/** A string → string map (ClientMetadata, AuthParameters, ChallengeResponses). */
export function stringMap(input: Input, name: string): Record<string, string> | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidParameterException(`${name} must be a map of strings`);
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new InvalidParameterException(`${name}.${key} must be a string`);
    out[key] = item;
  }
  return out;
}

/** A required entry of AuthParameters / ChallengeResponses, in Cognito's words when missing. */
export function requireParameter(map: Record<string, string> | undefined, name: string): string {
  const value = map?.[name];
  if (value === undefined || value === '') throw new InvalidParameterException(`Missing required parameter ${name}`);
  return value;
}

/** A required enum member, with AWS's enum validation message. */
export function requireEnum<T extends string>(input: Input, name: string, values: readonly T[]): T {
  const value = requireString(input, name);
  if (!values.includes(value as T)) {
    throw InvalidParameterException.validation(memberName(name), value, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }
  return value as T;
}
