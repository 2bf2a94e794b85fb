import { checkMember, SerializationFailure, ValidationFailure, type Shape } from '../kit';
import { JsonServiceError } from '../edge/json-protocol';
import { InvalidParameterException } from './errors';

/**
 * Reading request members as the API's validation does: required members, strings, maps.
 * The member name in messages is the wire name with a lower-case first letter, as AWS's
 * validation reports it (`clientId`, `userPoolId`).
 */
export type Input = Record<string, unknown>;

const memberName = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * The kit's check of one member against its shape in Cognito's model (`name` is the wire name or
 * a path), its refusals in Cognito's types.
 * @example
 * checkInput(input.MessageAction, { type: 'string', enum: ['RESEND', 'SUPPRESS'] }, 'MessageAction');
 */
export function checkInput(value: unknown, shape: Shape & { required?: boolean }, name: string): void {
  try {
    checkMember(value ?? undefined, shape, memberName(name));
  } catch (error) {
    if (error instanceof ValidationFailure) throw InvalidParameterException.from(error);
    if (error instanceof SerializationFailure) throw new JsonServiceError('SerializationException', error.message);
    throw error;
  }
}

const check = checkInput;

export function requireString(input: Input, name: string): string {
  const value = input[name];
  if (value !== undefined && value !== null && typeof value !== 'string') throw new InvalidParameterException(`${name} must be a string`);
  check(value, { type: 'string', required: true, min: 1 }, name);
  return value as string;
}

/**
 * The pattern of Cognito's names (UsernameType, GroupNameType, AttributeNameType) as its model
 * writes it: letters, marks, symbols, numbers or punctuation, so no spaces or control
 * characters (a NUL byte is no part of a name).
 */
export const NAME_PATTERN = '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+';

/** Cognito's UsernameType: 1–128 characters of NAME_PATTERN. The member is sensitive: AWS's message does not echo it. */
export function requireUsername(input: Input, name = 'Username'): string {
  const value = requireString(input, name);
  check(value, { type: 'string', max: 128, pattern: NAME_PATTERN, sensitive: true }, name);
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
  check(value, { type: 'integer', min, max }, name);
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
  check(value, { type: 'string', enum: values }, name);
  return value as T;
}
