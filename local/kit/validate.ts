/**
 * The one validator: reads a request body against its operation's description (shapes.ts)
 * the way AWS's service framework does, in two passes.
 *  1. Types: a value of the wrong JSON type is a SerializationFailure, worded as AWS words it
 *     ("NUMBER_VALUE cannot be converted to String"). Nulls count as absent.
 *  2. Constraints: every member is checked, in the model's member order, and every broken
 *     constraint is listed in one ValidationFailure with AWS's message.
 * Members the model does not have are ignored, as AWS ignores them.
 */
import { printed, SerializationFailure, ValidationFailure, type Violation } from './failures';
import type { AnyStructureShape, ListShape, MapShape, Shape, StringShape, StructureShape, Validated } from './shapes';

type Member = Shape & { required?: boolean };

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

const JAVA_TYPE: Record<string, string> = { string: 'String', integer: 'Integer', long: 'Long', double: 'Double', boolean: 'Boolean', timestamp: 'Date' };

/** AWS's name for the JSON token it found where it wanted something else. */
function tokenOf(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  if (typeof value === 'number') return Number.isInteger(value) ? 'NUMBER_VALUE' : 'DECIMAL_VALUE';
  return 'STRING_VALUE';
}

/** Pass 1: the value as the model's type (booleans from their string forms, whole numbers floored), or a SerializationFailure. */
function readTyped(value: unknown, shape: Shape): unknown {
  if (value === null || value === undefined) return undefined;
  const collection = Array.isArray(value) ? 'list' : typeof value === 'object' ? 'object' : undefined;
  switch (shape.type) {
    case 'string':
    case 'integer':
    case 'long':
    case 'double':
    case 'timestamp':
    case 'boolean': {
      if (collection === 'list') throw new SerializationFailure(`Unrecognized collection type class java.lang.${JAVA_TYPE[shape.type]}`);
      if (collection === 'object') throw new SerializationFailure('Start of structure or map found where not expected');
      if (shape.type === 'string') {
        if (typeof value !== 'string') throw new SerializationFailure(`${tokenOf(value)} cannot be converted to String`);
        return value;
      }
      if (shape.type === 'boolean') {
        if (typeof value === 'boolean') return value;
        const word = typeof value === 'string' ? value.toUpperCase() : '';
        if (['TRUE', '1', 'YES'].includes(word)) return true;
        if (['FALSE', '0', 'NO'].includes(word)) return false;
        throw new SerializationFailure(typeof value === 'number' ? `${tokenOf(value)} cannot be converted to Boolean` : 'Unexpected token received from parser');
      }
      if (typeof value !== 'number') throw new SerializationFailure(`${tokenOf(value)} cannot be converted to ${JAVA_TYPE[shape.type]}`);
      return shape.type === 'integer' || shape.type === 'long' ? Math.floor(value) : value;
    }
    case 'blob':
      if (typeof value !== 'string') throw new SerializationFailure('only base-64-encoded strings are convertible to bytes');
      return value;
    case 'list':
      if (collection === 'object') throw new SerializationFailure('Start of structure or map found where not expected');
      if (collection !== 'list') throw new SerializationFailure('Unexpected field type');
      return (value as unknown[]).map((item) => readTyped(item, (shape as ListShape).member));
    case 'map':
    case 'structure': {
      if (collection === 'list') throw new SerializationFailure('Start of list found where not expected');
      if (collection !== 'object') throw new SerializationFailure('Unexpected field type');
      const out: Record<string, unknown> = {};
      const input = value as Record<string, unknown>;
      if (shape.type === 'map') {
        for (const [key, item] of Object.entries(input)) {
          const typed = readTyped(item, shape.value);
          if (typed !== undefined) out[key] = typed;
        }
        return out;
      }
      for (const [name, member] of Object.entries(shape.members as Record<string, Member>)) {
        if (!Object.hasOwn(input, name)) continue;
        const typed = readTyped(input[name], member);
        if (typed !== undefined) out[name] = typed;
      }
      return out;
    }
  }
}

/** A model pattern, matched against the whole value as AWS matches it. Java's `\p{L}` needs JavaScript's `u` flag. */
function matches(pattern: string, value: string): boolean {
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    regex = new RegExp(`^(?:${pattern})$`);
  }
  return regex.test(value);
}

function lengthViolations(length: number, shape: { min?: number; max?: number }): string[] {
  const out: string[] = [];
  if (shape.min !== undefined && length < shape.min) out.push(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && length > shape.max) out.push(`Member must have length less than or equal to ${shape.max}`);
  return out;
}

function stringViolations(value: string, shape: StringShape): string[] {
  const out: string[] = [];
  if (shape.pattern !== undefined && !matches(shape.pattern, value)) out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  out.push(...lengthViolations(value.length, shape));
  if (shape.enum && !shape.enum.includes(value)) out.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  return out;
}

/**
 * A value as AWS's (Java) validation prints it: lists as `[a, b]`, maps as `{k=v}`, named
 * structures as `Name(member=value, …)`, sensitive strings redacted.
 */
function render(value: unknown, shape: Shape): string {
  if (value === undefined || value === null) return 'null';
  switch (shape.type) {
    case 'string':
      return shape.sensitive ? '*** Sensitive Data Redacted ***' : String(value);
    case 'list':
      return `[${(value as unknown[]).map((item) => render(item, shape.member)).join(', ')}]`;
    case 'map':
      return `{${Object.entries(value as Record<string, unknown>).map(([key, item]) => `${key}=${render(item, shape.value)}`).join(', ')}}`;
    case 'structure': {
      const structure = shape as AnyStructureShape;
      if (!structure.name) return printed(value);
      const members = Object.entries(structure.members as Record<string, Member>).map(([name, member]) => `${lowerFirst(name)}=${render((value as Record<string, unknown>)[name], member)}`);
      return `${structure.name}(${members.join(', ')})`;
    }
    default:
      return printed(value);
  }
}

/** Pass 2: every broken constraint of `value` (already typed) and what it holds. */
function collect(value: unknown, shape: Member, path: string, violations: Violation[]): void {
  const sensitive = shape.type === 'string' && shape.sensitive === true;
  const add = (constraint: string) => violations.push({ path, value: value === undefined ? null : render(value, shape), constraint, sensitive });
  if (value === undefined) {
    if (shape.required) add('Member must not be null');
    return;
  }
  switch (shape.type) {
    case 'string':
      stringViolations(value as string, shape).forEach(add);
      return;
    case 'integer':
    case 'long':
    case 'double':
      if (shape.min !== undefined && (value as number) < shape.min) add(`Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && (value as number) > shape.max) add(`Member must have value less than or equal to ${shape.max}`);
      return;
    case 'blob':
      lengthViolations(Buffer.from(value as string, 'base64').length, shape).forEach(add);
      return;
    case 'list':
      lengthViolations((value as unknown[]).length, shape).forEach(add);
      // A null entry of a list is a missing member (`Names: [null]` reached operations as undefined).
      (value as unknown[]).forEach((item, i) => collect(item, { ...shape.member, required: true } as Member, `${path}.${i + 1}.member`, violations));
      return;
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      lengthViolations(entries.length, shape).forEach(add);
      const keyShape = (shape as MapShape).key;
      if (keyShape && entries.some(([key]) => stringViolations(key, keyShape).length > 0)) {
        add(`Map keys must satisfy constraint: [${describe(keyShape).join(', ')}]`);
      }
      for (const [key, item] of entries) collect(item, shape.value, `${path}.${key}.member`, violations);
      return;
    }
    case 'structure':
      collectMembers(value as Record<string, unknown>, shape, `${path}.`, violations);
      return;
    default:
      return;
  }
}

/** The constraints of a map key shape, listed as AWS lists them inside "Map keys must satisfy constraint". */
function describe(shape: StringShape): string[] {
  const out: string[] = [];
  if (shape.min !== undefined) out.push(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined) out.push(`Member must have length less than or equal to ${shape.max}`);
  if (shape.pattern !== undefined) out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  return out;
}

function collectMembers(value: Record<string, unknown>, shape: AnyStructureShape, prefix: string, violations: Violation[]): void {
  for (const [name, member] of Object.entries(shape.members as Record<string, Member>)) {
    collect(value[name], member, `${prefix}${lowerFirst(name)}`, violations);
  }
}

/**
 * Reads and validates an operation's input against its description; returns the input typed
 * as the SDK's request type, with what the model requires present.
 * @example
 * const input = validateInput(body, putParameterInput); // throws ValidationFailure / SerializationFailure
 */
export function validateInput<T>(body: unknown, shape: StructureShape<T>): Validated<T> {
  const typed = (readTyped(body ?? {}, shape as unknown as Shape) ?? {}) as Record<string, unknown>;
  const violations: Violation[] = [];
  collectMembers(typed, shape as unknown as AnyStructureShape, '', violations);
  if (violations.length > 0) throw new ValidationFailure(violations);
  return typed as Validated<T>;
}

/**
 * Checks one value against one member's shape outside a request body (a path taken apart,
 * a header): the same messages, for the checks an operation makes on what it derived.
 * @example
 * checkMember('/a//b', { type: 'string', pattern: '…' }, 'path');
 */
export function checkMember(value: unknown, shape: Member, path: string): void {
  const violations: Violation[] = [];
  collect(readTyped(value, shape), shape, path, violations);
  if (violations.length > 0) throw new ValidationFailure(violations);
}
