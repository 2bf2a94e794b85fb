/**
 * The validator's sibling for the query protocol (STS, SNS, IAM…) and REST-XML bodies: there
 * every value arrives as text, and lists and maps are spelled out by position. This reads
 * such input into the shape's types, then hands it to the same validator, so query and
 * REST-XML services give the same "N validation error(s) detected" messages as JSON ones.
 */
import { SerializationFailure } from './failures';
import type { Shape, StructureShape, Validated } from './shapes';
import { validateInput } from './validate';

type Member = Shape & { required?: boolean };

/** A text value as the shape's type; the wording of a failure is this local cloud's (query services answer with their own). */
function fromText(text: string, shape: Shape, path: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'double': {
      const number = Number(text);
      if (text.trim() === '' || Number.isNaN(number)) throw new SerializationFailure(`Value '${text}' at '${path}' is not a valid ${shape.type === 'double' ? 'number' : 'integer'}`);
      return number;
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw new SerializationFailure(`Value '${text}' at '${path}' is not a valid boolean`);
      return text === 'true';
    case 'timestamp': {
      const date = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text) / 1000;
      if (Number.isNaN(date)) throw new SerializationFailure(`Value '${text}' at '${path}' is not a valid timestamp`);
      return date;
    }
    default:
      return text;
  }
}

/** `Tags.member.1.Key=a` style: the query protocol's members, read into the shape. */
function fromQuery(params: URLSearchParams, prefix: string, shape: Member, path: string): unknown {
  switch (shape.type) {
    case 'list': {
      const items: unknown[] = [];
      for (let i = 1; ; i++) {
        const item = fromQuery(params, `${prefix}.member.${i}`, shape.member, `${path}.${i}.member`);
        if (item === undefined) break;
        items.push(item);
      }
      // `Names=` with nothing after it is the query protocol's empty list.
      return items.length > 0 || params.has(prefix) ? items : undefined;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      const names = shape.queryNames ?? { key: 'key', value: 'value' };
      for (let i = 1; ; i++) {
        const key = params.get(`${prefix}.entry.${i}.${names.key}`);
        if (key === null) break;
        out[key] = fromQuery(params, `${prefix}.entry.${i}.${names.value}`, shape.value, `${path}.${key}.member`);
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members as Record<string, Member>)) {
        const value = fromQuery(params, prefix ? `${prefix}.${name}` : name, member, path ? `${path}.${name.charAt(0).toLowerCase()}${name.slice(1)}` : name.charAt(0).toLowerCase() + name.slice(1));
        if (value !== undefined) out[name] = value;
      }
      return prefix === '' || Object.keys(out).length > 0 ? out : undefined;
    }
    default: {
      const text = params.get(prefix);
      return text === null ? undefined : fromText(text, shape, path);
    }
  }
}

/** A parsed XML element (text leaves, as fast-xml-parser gives them with `parseTagValue: false`), read into the shape. */
function fromXml(value: unknown, shape: Member, path: string): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case 'list': {
      const wrapped = shape.xmlMember !== undefined && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[shape.xmlMember] : value;
      const items = wrapped === undefined || wrapped === '' ? [] : Array.isArray(wrapped) ? wrapped : [wrapped];
      return items.map((item, i) => fromXml(item, shape.member, `${path}.${i + 1}.member`));
    }
    case 'map':
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) return value === '' ? {} : value;
      const input = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const members = shape.type === 'map' ? Object.fromEntries(Object.keys(input).map((key) => [key, shape.value])) : (shape.members as Record<string, Member>);
      for (const [name, member] of Object.entries(members)) {
        const item = fromXml(input[name], member, `${path}${path ? '.' : ''}${name.charAt(0).toLowerCase()}${name.slice(1)}`);
        if (item !== undefined) out[name] = item;
      }
      return out;
    }
    default:
      return typeof value === 'string' ? fromText(value, shape, path) : value;
  }
}

/**
 * Reads and validates a query-protocol request (`Action=…&Names.member.1=…`).
 * @example
 * const input = validateQueryInput<AssumeRoleRequest>(params, assumeRoleInput);
 */
export function validateQueryInput<T>(params: URLSearchParams, shape: StructureShape<T>): Validated<T> {
  return validateInput(fromQuery(params, '', shape as unknown as Member, ''), shape);
}

/**
 * Reads and validates a REST-XML request body, parsed with text leaves.
 * @example
 * const input = validateXmlInput<Tagging>(parseRequestXml(body, 'Tagging'), taggingInput);
 */
export function validateXmlInput<T>(document: unknown, shape: StructureShape<T>): Validated<T> {
  return validateInput(fromXml(document, shape as unknown as Member, ''), shape);
}
