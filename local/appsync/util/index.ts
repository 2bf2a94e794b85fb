/**
 * AppSync's resolver utility library (`$util` in VTL, `util` in APPSYNC_JS) as pure
 * TypeScript. Both runtimes build their `util` objects from these pieces; the
 * few helpers that need the evaluation (`appendError`, `unauthorized`,
 * `authType`, logging) take it through `UtilScope`.
 */
import type { ResolverContext } from '../runtime/types';
import { createMath, list, map, str, vtlDouble } from './collections';
import { dynamodbHelpers, vtlDynamodb } from './dynamodb';
import { appendError, error, unauthorized, validate } from './errors';
import * as general from './general';
import { autoId, autoKsuid, autoUlid } from './ids';
import { parseJson, toJson } from './json';
import { copyHeaders, xmlToJsonString, xmlToMap } from './http-xml';
import { createTime } from './time';
import { toDynamoDBConditionExpression, toDynamoDBFilterExpression, toElasticsearchQueryDSL, toSubscriptionFilter } from './transform';
import { notImplemented } from './values';

export { toJson, parseJson } from './json';
export { createExtensions, type Extensions } from './extensions';
export { toDynamoDB, toMapValues, dynamodbHelpers, type TypedValue } from './dynamodb';
export { toDynamoDBFilterExpression, toDynamoDBConditionExpression, toSubscriptionFilter, dynamoDBExpression, type DynamoDBExpression, type SubscriptionFilter } from './transform';
export { JavaDouble, isMap, isList, isNumber, isNullish, javaEquals, javaDoubleToString, toPlain, notImplemented, numberValue, isDouble } from './values';
export { javaMatches, javaReplaceAll, javaReplaceFirst, javaSplit, javaRegExp } from './java-regex';
export { error, appendError, unauthorized } from './errors';

/** What the context-dependent helpers read: the evaluation under way. */
export interface UtilScope {
  context(): ResolverContext;
  /** `$util.log.info/error`, `console.log` in JS: CloudWatch in AWS, the reporter locally. */
  log(level: 'info' | 'error', message: string): void;
  /** The clock (tests pin it). */
  now(): number;
}

/** A helper family AppSync documents but the local cloud does not run: every member fails naming itself. */
function unsupported(prefix: string, members: string[], why: string): Record<string, () => never> {
  return Object.fromEntries(members.map((member) => [member, () => { throw notImplemented(`${prefix}.${member}`, why); }]));
}

function logLine(args: unknown[]): string {
  return args.map((arg) => (typeof arg === 'string' ? arg : toJson(arg))).join(' ');
}

/** Formats `$util.log.info("Hello {}", $name)` the way AppSync (SLF4J-style) does. */
function formatLog(args: unknown[]): string {
  const [first, ...rest] = args;
  if (typeof first === 'string' && first.includes('{}') && rest.length) {
    let index = 0;
    const text = first.replace(/\{\}/g, (placeholder) => (index < rest.length ? logLine([rest[index++]]) : placeholder));
    return index < rest.length ? `${text} ${logLine(rest.slice(index))}` : text;
  }
  return logLine(args);
}

/**
 * `$util` for VTL templates: every documented helper, `qr`/`quiet`, the `…Json`
 * dynamodb variants, and Doubles kept apart from integers.
 * @example
 * const $util = createVtlUtil(scope);
 * $util.toJson({ a: 1 }) // '{"a":1}'
 */
export function createVtlUtil(scope: UtilScope) {
  const vtlMath = createMath(vtlDouble);
  return {
    qr: () => '',
    quiet: () => '',
    toJson,
    parseJson,
    error,
    appendError: (message: unknown, errorType?: unknown, data?: unknown, errorInfo?: unknown) => appendError(scope.context(), message, errorType, data, errorInfo),
    unauthorized: () => unauthorized(scope.context()),
    validate,
    isNull: general.isNull,
    isNullOrEmpty: general.isNullOrEmpty,
    isNullOrBlank: general.isNullOrBlank,
    defaultIfNull: general.defaultIfNull,
    defaultIfNullOrEmpty: general.defaultIfNullOrEmpty,
    defaultIfNullOrBlank: general.defaultIfNullOrBlank,
    isString: general.isString,
    isNumber: general.isNumber,
    isBoolean: general.isBoolean,
    isList: general.isList,
    isMap: general.isMap,
    typeOf: general.typeOf,
    autoId,
    autoUlid: () => autoUlid(scope.now()),
    autoKsuid: () => autoKsuid(scope.now()),
    escapeJavaScript: general.escapeJavaScript,
    urlEncode: general.urlEncode,
    urlDecode: general.urlDecode,
    base64Encode: general.base64Encode,
    base64Decode: general.base64Decode,
    matches: general.matches,
    authType: () => scope.context().authType,
    log: {
      info: (...args: unknown[]) => scope.log('info', formatLog(args)),
      error: (...args: unknown[]) => scope.log('error', formatLog(args)),
    },
    time: createTime(() => scope.now()),
    list,
    map,
    str,
    math: vtlMath,
    dynamodb: vtlDynamodb(),
    transform: { toDynamoDBFilterExpression, toDynamoDBConditionExpression, toSubscriptionFilter, toElasticsearchQueryDSL },
    http: { copyHeaders, ...unsupported('$util.http', ['addResponseHeader', 'addResponseHeaders'], 'HTTP response headers from templates are not carried by the local engine yet') },
    xml: { toMap: xmlToMap, toJsonString: xmlToJsonString },
    rds: unsupported('$util.rds', ['toJsonString', 'toJsonObject'], 'the local cloud runs no RDS data source'),
  };
}

/**
 * `util` for APPSYNC_JS handlers (`import { util } from '@aws-appsync/utils'`): the
 * documented JS helpers, with plain JS numbers.
 * @example
 * const util = createJsUtil(scope);
 * util.dynamodb.toMapValues({ id: '1' }) // { id: { S: '1' } }
 */
export function createJsUtil(scope: UtilScope) {
  return {
    error,
    appendError: (message: unknown, errorType?: unknown, data?: unknown, errorInfo?: unknown) => appendError(scope.context(), message, errorType, data, errorInfo),
    unauthorized: () => unauthorized(scope.context()),
    autoId,
    autoUlid: () => autoUlid(scope.now()),
    autoKsuid: () => autoKsuid(scope.now()),
    urlEncode: general.urlEncode,
    urlDecode: general.urlDecode,
    base64Encode: general.base64Encode,
    base64Decode: general.base64Decode,
    escapeJavaScript: general.escapeJavaScript,
    matches: general.matches,
    authType: () => scope.context().authType,
    time: createTime(() => scope.now()),
    str,
    math: createMath(),
    dynamodb: { ...dynamodbHelpers },
    transform: { toDynamoDBFilterExpression, toDynamoDBConditionExpression, toSubscriptionFilter, toElasticsearchQueryDSL },
    http: { copyHeaders, ...unsupported('util.http', ['addResponseHeader', 'addResponseHeaders'], 'HTTP response headers from handlers are not carried by the local engine yet') },
    xml: { toMap: xmlToMap, toJsonString: xmlToJsonString },
    rds: unsupported('util.rds', ['toJsonString', 'toJsonObject', 'typeHint'], 'the local cloud runs no RDS data source'),
  };
}

export type VtlUtil = ReturnType<typeof createVtlUtil>;
export type JsUtil = ReturnType<typeof createJsUtil>;
export { formatLog };
