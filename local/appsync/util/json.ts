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
 * `$util.parseJson`: a JSON string to a value. Text that is not JSON (or an argument that
 * is not a String) gives null, as on AppSync, where the generated owner checks rely on it:
 * `$util.isList($util.parseJson($claim))` is asked of plain claims such as
 * `<sub>::<username>`, and must be false rather than fail the field.
 * @example
 * parseJson('{"a":1}') // { a: 1 }
 * parseJson('sub::alice') // null
 */
export function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
