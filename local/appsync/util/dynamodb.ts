import { TemplateRuntimeError } from '../runtime/types';
import { parseJson, toJson } from './json';
import { isList, isMap, isNullish, isNumber, numberValue, requireList, requireMap, requireString, describe } from './values';

/**
 * `$util.dynamodb` / `util.dynamodb`: values to DynamoDB typed values (`{ "S": … }`,
 * `{ "N": 12 }`, `{ "M": … }`) as AppSync's request mappings take them, and the
 * S3-object helpers. The `…Json` variants (VTL only) return the JSON text.
 */

export type TypedValue = Record<string, unknown>;

/**
 * `toDynamoDB(Object)`: the typed value of any value — strings `S`, numbers `N`
 * (as numbers, as AppSync writes them), booleans `BOOL`, null `{ "NULL": true }` (DynamoDB's
 * only null, as the SDK's marshalling that the Gen 1 simulator uses writes it, so an explicit
 * `commander: null` in an input is stored as a null), lists `L`, maps `M`.
 * @example
 * toDynamoDB({ a: [1, 'x'] }) // { M: { a: { L: [{ N: 1 }, { S: 'x' }] } } }
 */
export function toDynamoDB(value: unknown): TypedValue {
  if (isNullish(value)) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (isNumber(value)) return { N: numberValue(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (isList(value)) return { L: value.map(toDynamoDB) };
  if (isMap(value)) return { M: toMapValues(value) };
  throw new TemplateRuntimeError(`$util.dynamodb.toDynamoDB cannot convert ${describe(value)}`);
}

/** `toMapValues(Map)`: every value of the map as a typed value (a DynamoDB item). */
export function toMapValues(value: unknown): Record<string, TypedValue> {
  const map = requireMap('$util.dynamodb.toMapValues', value);
  const out: Record<string, TypedValue> = {};
  for (const [key, item] of Object.entries(map)) if (item !== undefined) out[key] = toDynamoDB(item);
  return out;
}

function stringList(name: string, value: unknown): string[] {
  return requireList(name, value).map((item, index) => {
    if (typeof item !== 'string') throw new TemplateRuntimeError(`${name}: item ${index} must be a String, got ${describe(item)}`);
    return item;
  });
}

function numberList(name: string, value: unknown): number[] {
  return requireList(name, value).map((item, index) => {
    if (!isNumber(item)) throw new TemplateRuntimeError(`${name}: item ${index} must be a Number, got ${describe(item)}`);
    return numberValue(item);
  });
}

export interface S3Object {
  key: string;
  bucket: string;
  region: string;
  version?: string;
}

/** The typed-value helpers both runtimes share. */
export const dynamodbHelpers = {
  toDynamoDB,
  toMapValues,
  toString: (value: unknown): TypedValue => ({ S: requireString('$util.dynamodb.toString', value) }),
  toStringSet: (value: unknown): TypedValue => ({ SS: stringList('$util.dynamodb.toStringSet', value) }),
  toNumber: (value: unknown): TypedValue => {
    if (!isNumber(value)) throw new TemplateRuntimeError(`$util.dynamodb.toNumber: argument 1 must be a Number, got ${describe(value)}`);
    return { N: numberValue(value) };
  },
  toNumberSet: (value: unknown): TypedValue => ({ NS: numberList('$util.dynamodb.toNumberSet', value) }),
  toBinary: (value: unknown): TypedValue => ({ B: requireString('$util.dynamodb.toBinary', value) }),
  toBinarySet: (value: unknown): TypedValue => ({ BS: stringList('$util.dynamodb.toBinarySet', value) }),
  toBoolean: (value: unknown): TypedValue => {
    if (typeof value !== 'boolean') throw new TemplateRuntimeError(`$util.dynamodb.toBoolean: argument 1 must be a Boolean, got ${describe(value)}`);
    return { BOOL: value };
  },
  /** As AWS documents it: `{ "NULL": null }` (the DynamoDB data source sends it as `{ "NULL": true }`). */
  toNull: (): TypedValue => ({ NULL: null }),
  toList: (value: unknown): TypedValue => ({ L: requireList('$util.dynamodb.toList', value).map(toDynamoDB) }),
  toMap: (value: unknown): TypedValue => ({ M: toMapValues(value) }),
  /** An S3 object stored as a string attribute: `{ "S": "{\"s3\":{…}}" }`. */
  toS3Object: (key: unknown, bucket: unknown, region: unknown, version?: unknown): TypedValue => {
    const s3: S3Object = {
      key: requireString('$util.dynamodb.toS3Object', key, 1),
      bucket: requireString('$util.dynamodb.toS3Object', bucket, 2),
      region: requireString('$util.dynamodb.toS3Object', region, 3),
    };
    if (!isNullish(version)) s3.version = requireString('$util.dynamodb.toS3Object', version, 4);
    return { S: toJson({ s3 }) };
  },
  /**
   * The `{ key, bucket, region[, version] }` of an S3-object string attribute; null for a
   * string that is not one, as `$util.parseJson` is for text that is not JSON.
   */
  fromS3ObjectJson: (value: unknown): S3Object | null => {
    const parsed = parseJson(requireString('$util.dynamodb.fromS3ObjectJson', value));
    const s3 = isMap(parsed) ? parsed.s3 : undefined;
    return isMap(s3) ? (s3 as unknown as S3Object) : null;
  },
};

type Helpers = typeof dynamodbHelpers;

/** The VTL flavour: every helper plus its `…Json` variant returning JSON text. */
export function vtlDynamodb(): Helpers & Record<string, (...args: unknown[]) => unknown> {
  const out: Record<string, (...args: unknown[]) => unknown> = { ...dynamodbHelpers } as never;
  for (const [name, fn] of Object.entries(dynamodbHelpers)) {
    if (name === 'fromS3ObjectJson') continue;
    const jsonName = name === 'toDynamoDB' ? 'toDynamoDBJson' : `${name}Json`;
    out[jsonName] = (...args: unknown[]) => toJson((fn as (...a: unknown[]) => unknown)(...args));
  }
  return out as Helpers & Record<string, (...args: unknown[]) => unknown>;
}
