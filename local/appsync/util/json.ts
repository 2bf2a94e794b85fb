import { TemplateRuntimeError } from '../runtime/types';
import { JavaDouble, isList, isMap, javaDoubleToString } from './values';

/**
 * `$util.toJson`: the JSON text of a value, written the way AppSync's Java
 * serializer writes it — compact, doubles as Java prints them (`2.0`, `1.0E21`),
 * keys in insertion order, null for missing values.
 * @example
 * toJson({ a: [1, new JavaDouble(2)] }) // '{"a":[1,2.0]}'
 */
export function toJson(value: unknown): string {
  return write(value, 0);
}

function write(value: unknown, depth: number): string {
  if (depth > 1000) throw new TemplateRuntimeError('$util.toJson: the value is nested too deeply (a cycle?)');
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isInteger(value) ? String(value) : javaDoubleToString(value);
    case 'bigint':
      return value.toString();
    default:
      break;
  }
  if (value instanceof JavaDouble) return javaDoubleToString(value.value);
  if (isList(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + write(value[i], depth + 1);
    return `${out}]`;
  }
  if (isMap(value)) {
    let out = '{';
    let first = true;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const item = value[key];
      if (item === undefined) continue;
      out += `${first ? '' : ','}${JSON.stringify(key)}:${write(item, depth + 1)}`;
      first = false;
    }
    return `${out}}`;
  }
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return write(json.call(value), depth + 1);
  throw new TemplateRuntimeError(`$util.toJson cannot serialize a ${Object.prototype.toString.call(value).slice(8, -1)}`);
}

/**
 * `$util.parseJson`: a JSON string to a value. Invalid JSON is the template's
 * error (AppSync fails the field), reported with the text that failed.
 * @example
 * parseJson('{"a":1}') // { a: 1 }
 */
export function parseJson(text: unknown): unknown {
  if (text === null || text === undefined) return null;
  if (typeof text !== 'string') throw new TemplateRuntimeError(`$util.parseJson needs a String, got ${typeof text}`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TemplateRuntimeError(`$util.parseJson: unable to parse ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)} as JSON (${(error as Error).message})`);
  }
}
