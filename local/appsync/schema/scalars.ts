import { GraphQLError, Kind, type GraphQLScalarType, type ValueNode } from 'graphql';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../../edge';

/**
 * AppSync's AWS scalars with the validation AppSync applies (AWS documents each
 * under "Scalar types in AWS AppSync"). Values travel as strings (numbers for
 * AWSTimestamp); AWSJSON is parsed on input so resolvers see maps and lists.
 */

const OFFSET = '(Z|[+-]\\d{2}:\\d{2}(:\\d{2})?)';
const TIME = '\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?';
const AWS_DATE = new RegExp(`^\\d{4}-\\d{2}-\\d{2}${OFFSET}?$`);
const AWS_TIME = new RegExp(`^${TIME}${OFFSET}?$`);
// AWSDateTime requires the offset ("The time zone offset is compulsory").
const AWS_DATE_TIME = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T${TIME}${OFFSET}$`);
const AWS_EMAIL = /^[^\s@]+@[^\s@]+$/;
const AWS_PHONE = /^\+?[\d\s\-().]{3,}$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** `YYYY-MM-DD…` names a day that exists (leap years included). Every date a response carries passes here. */
function validDateParts(value: string): boolean {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

function validTimeParts(time: string): boolean {
  const [h, m, s] = time.split(':').map((part) => Number.parseFloat(part));
  return h <= 23 && m <= 59 && (s === undefined || Number.isNaN(s) || s < 60);
}

function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIPv6(value: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(value) || !value.includes(':')) return false;
  const double = value.split('::');
  if (double.length > 2) return false;
  const groups = value.split(':').filter((g) => g !== '');
  const last = groups[groups.length - 1];
  const v4Tail = last?.includes('.') ? (isIPv4(last) ? 2 : -100) : 0;
  const hexGroups = v4Tail ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = hexGroups.length + v4Tail;
  return double.length === 2 ? count < 8 : count === 8;
}

function isIPAddress(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0) return false;
  const v4 = isIPv4(address);
  if (!v4 && !isIPv6(address)) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (v4 ? 32 : 128);
}

function isUrl(value: string): boolean {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(value) && !/^(mailto|urn|tel|data):/i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

interface StringScalarRule {
  /** The word AppSync uses in its messages. */
  label: string;
  valid(value: string): boolean;
}

const STRING_SCALARS: Record<string, StringScalarRule> = {
  AWSDate: { label: 'AWSDate', valid: (v) => AWS_DATE.test(v) && validDateParts(v) },
  AWSTime: { label: 'AWSTime', valid: (v) => AWS_TIME.test(v) && validTimeParts(v.replace(/(Z|[+-]\d{2}:\d{2}(:\d{2})?)$/, '')) },
  AWSDateTime: {
    label: 'AWSDateTime',
    valid: (v) => AWS_DATE_TIME.test(v) && validDateParts(v) && validTimeParts(v.slice(11).replace(/(Z|[+-]\d{2}:\d{2}(:\d{2})?)$/, '')),
  },
  AWSEmail: { label: 'AWSEmail', valid: (v) => AWS_EMAIL.test(v) },
  AWSURL: { label: 'AWSURL', valid: isUrl },
  AWSPhone: { label: 'AWSPhone', valid: (v) => AWS_PHONE.test(v) && (v.match(/\d/g)?.length ?? 0) >= 3 },
  AWSIPAddress: { label: 'AWSIPAddress', valid: isIPAddress },
};

/** The SDL AppSync adds before parsing a transformed schema (the asset lacks these). */
export const AWS_SCALAR_NAMES = [...Object.keys(STRING_SCALARS), 'AWSTimestamp', 'AWSJSON'] as const;

function literalToValue(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
      return Number.parseInt(ast.value, 10);
    case Kind.FLOAT:
      return Number.parseFloat(ast.value);
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literalToValue);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToValue(f.value)]));
    default:
      return undefined;
  }
}

function stringScalar(rule: StringScalarRule) {
  const check = (value: unknown, direction: 'input' | 'output'): string => {
    if (typeof value !== 'string' || !rule.valid(value)) {
      throw new GraphQLError(
        direction === 'input'
          ? `Invalid ${rule.label} value: ${JSON.stringify(value)}`
          : `Can't serialize value: Unable to serialize ${JSON.stringify(value)} as a valid ${rule.label}.`,
      );
    }
    return value;
  };
  return {
    serialize: (value: unknown) => check(value, 'output'),
    parseValue: (value: unknown) => check(value, 'input'),
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(`Invalid ${rule.label} literal: expected a string`, ast);
      return check(ast.value, 'input');
    },
  };
}

const timestamp = {
  serialize(value: unknown): number {
    const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) {
      throw new GraphQLError(`Can't serialize value: Unable to serialize ${JSON.stringify(value)} as a valid AWSTimestamp.`);
    }
    return n;
  },
  parseValue(value: unknown): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new GraphQLError(`Invalid AWSTimestamp value: ${JSON.stringify(value)}`);
    return value;
  },
  parseLiteral(ast: ValueNode): number {
    if (ast.kind !== Kind.INT) throw new GraphQLError('Invalid AWSTimestamp literal: expected an integer', ast);
    return Number.parseInt(ast.value, 10);
  },
};

const json = {
  // Resolvers may hand back a map or an already-serialized string: both leave as a JSON string.
  serialize(value: unknown): string {
    return typeof value === 'string' ? value : JSON.stringify(value);
  },
  parseValue(value: unknown): unknown {
    if (typeof value !== 'string') throw new GraphQLError(`Invalid AWSJSON value: expected a JSON string, got ${JSON.stringify(value)}`);
    // JSON inside the request's JSON: the body's depth check never sees into the string, and the
    // resolvers' recursive readers after the parse would overflow the stack on it.
    if (jsonTooDeep(value)) throw new GraphQLError(`Invalid AWSJSON value: nested deeper than ${MAX_JSON_DEPTH} levels`);
    try {
      return JSON.parse(value);
    } catch {
      throw new GraphQLError(`Invalid AWSJSON value: ${JSON.stringify(value)} is not valid JSON`);
    }
  },
  parseLiteral(ast: ValueNode): unknown {
    if (ast.kind === Kind.STRING) return json.parseValue(ast.value);
    return literalToValue(ast);
  },
};

/** Gives the schema's AWS scalar types AppSync's validation and serialization. */
export function applyAwsScalars(types: Record<string, GraphQLScalarType | undefined>): void {
  for (const [name, rule] of Object.entries(STRING_SCALARS)) {
    const type = types[name];
    if (type) Object.assign(type, stringScalar(rule));
  }
  if (types.AWSTimestamp) Object.assign(types.AWSTimestamp, timestamp);
  if (types.AWSJSON) Object.assign(types.AWSJSON, json);
}
