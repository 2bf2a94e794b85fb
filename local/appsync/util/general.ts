import { TemplateRuntimeError } from '../runtime/types';
import { javaMatches } from './java-regex';
import { isList, isMap, isNullish, isNumber, requireString } from './values';

/**
 * The general `$util` helpers: null and emptiness checks, type checks, encoding,
 * regex matching. Pure functions of their arguments.
 */

/** `$util.isNull(Object)`. */
export function isNull(value: unknown): boolean {
  return isNullish(value);
}

/**
 * `$util.isNullOrEmpty(Object)`: null, the empty string, or (as the Amplify
 * transformer's templates rely on for `$ctx.stash.authFilter` and filters) an
 * empty list or map.
 */
export function isNullOrEmpty(value: unknown): boolean {
  if (isNullish(value)) return true;
  if (typeof value === 'string') return value.length === 0;
  if (isList(value)) return value.length === 0;
  if (isMap(value)) return Object.keys(value).length === 0;
  return false;
}

/** `$util.isNullOrBlank(String)`: null or only whitespace. */
export function isNullOrBlank(value: unknown): boolean {
  if (isNullish(value)) return true;
  return typeof value === 'string' && value.trim().length === 0;
}

/** `$util.defaultIfNull(Object, Object)`. */
export function defaultIfNull<T, D>(value: T, fallback: D): T | D {
  return isNullish(value) ? fallback : value;
}

/** `$util.defaultIfNullOrEmpty(String, String)`. */
export function defaultIfNullOrEmpty<T, D>(value: T, fallback: D): T | D {
  return isNullOrEmpty(value) ? fallback : value;
}

/** `$util.defaultIfNullOrBlank(String, String)`. */
export function defaultIfNullOrBlank<T, D>(value: T, fallback: D): T | D {
  return isNullOrBlank(value) ? fallback : value;
}

export function isString(value: unknown): boolean {
  return typeof value === 'string';
}

export function isBoolean(value: unknown): boolean {
  return typeof value === 'boolean';
}

export { isNumber, isList, isMap };

/**
 * `$util.typeOf(Object)`: `Null`, `Number`, `String`, `Map`, `List`, `Boolean`
 * or `Object`.
 */
export function typeOf(value: unknown): string {
  if (isNullish(value)) return 'Null';
  if (isNumber(value)) return 'Number';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (isList(value)) return 'List';
  if (isMap(value)) return 'Map';
  return 'Object';
}

/** `$util.matches(pattern, data)`: Java regex, the whole input must match. */
export function matches(pattern: unknown, data: unknown): boolean {
  return javaMatches(requireString('$util.matches', pattern, 1), requireString('$util.matches', data, 2));
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

/**
 * `$util.escapeJavaScript(String)`: the string escaped as a JavaScript string
 * literal body (quotes, backslash, slash, control characters; non-ASCII as
 * `\uXXXX`), as Apache Commons' `escapeJavaScript` does.
 */
export function escapeJavaScript(value: unknown): string | null {
  if (isNullish(value)) return null;
  const text = requireString('$util.escapeJavaScript', value);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const c = text[i];
    if (code > 0x7f) out += `\\u${hex(code, 4)}`;
    else if (code < 32) {
      switch (c) {
        case '\b': out += '\\b'; break;
        case '\n': out += '\\n'; break;
        case '\t': out += '\\t'; break;
        case '\f': out += '\\f'; break;
        case '\r': out += '\\r'; break;
        default: out += `\\u${hex(code, 4)}`;
      }
    } else if (c === "'" || c === '"' || c === '\\' || c === '/') out += `\\${c}`;
    else out += c;
  }
  return out;
}

/**
 * `$util.urlEncode(String)`: `application/x-www-form-urlencoded` as Java's
 * `URLEncoder` writes it (space as `+`; `.-*_` and alphanumerics kept).
 */
export function urlEncode(value: unknown): string {
  const text = requireString('$util.urlEncode', value);
  return encodeURIComponent(text)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** `$util.urlDecode(String)`: the inverse of `urlEncode` (`+` is a space). */
export function urlDecode(value: unknown): string {
  const text = requireString('$util.urlDecode', value);
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new TemplateRuntimeError(`$util.urlDecode: ${JSON.stringify(text)} is not valid URL-encoded text`);
  }
}

/** `$util.base64Encode`: UTF-8 bytes of the string, base64. */
export function base64Encode(value: unknown): string {
  return Buffer.from(requireString('$util.base64Encode', value), 'utf8').toString('base64');
}

/** `$util.base64Decode`: base64 to the UTF-8 text it encodes. */
export function base64Decode(value: unknown): string {
  return Buffer.from(requireString('$util.base64Decode', value), 'base64').toString('utf8');
}
