import { TemplateRuntimeError } from '../runtime/types';

/**
 * The value model the `$util` library works on: JSON-like values (null, boolean,
 * number, string, list, map) as both runtimes hold them. Maps may come from
 * another realm (the APPSYNC_JS sandbox), so they are recognised by shape, never
 * by prototype identity.
 */

/**
 * A Java `Double` holding an integral value (`2.0`). VTL keeps integers and doubles
 * apart (`5 / 2` is 2, `5.0 / 2` is 2.5; `$util.toJson(2.0)` is `2.0`); a JS number
 * cannot say which it is once it is integral, so the VTL runtime wraps those.
 */
export class JavaDouble {
  constructor(readonly value: number) {}

  valueOf(): number {
    return this.value;
  }

  toString(): string {
    return javaDoubleToString(this.value);
  }

  toJSON(): number {
    return this.value;
  }
}

/** Java's `Double.toString`: `2.0`, `0.001`, `1.0E7`, `1.5E-5`. */
export function javaDoubleToString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  // Scientific: JS gives "1e+21" / "1.5e-7"; Java gives "1.0E21" / "1.5E-7".
  const [mantissa, exponent] = value.toExponential().split('e');
  const digits = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${digits}E${Number(exponent)}`;
}

/** A map (Java `Map`, JS plain object) whatever realm created it. */
export function isMap(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (value instanceof JavaDouble) return false;
  const proto = Object.getPrototypeOf(value);
  // Plain objects: their prototype is some realm's Object.prototype (whose own prototype is null), or null.
  return proto === null || Object.getPrototypeOf(proto) === null;
}

export function isList(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

export function isNumber(value: unknown): value is number | JavaDouble {
  return typeof value === 'number' || value instanceof JavaDouble;
}

/** The JS number of a number value (unwrapping a JavaDouble). */
export function numberValue(value: unknown): number {
  return value instanceof JavaDouble ? value.value : (value as number);
}

/** Whether a number value is a Java floating-point number (Double) rather than an integer. */
export function isDouble(value: unknown): boolean {
  return value instanceof JavaDouble || (typeof value === 'number' && !Number.isInteger(value));
}

/** null and undefined are one thing to both runtimes: Java's null. */
export function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/**
 * Java's `equals` on values: numbers by value, strings, booleans, and lists and
 * maps structurally (as `List.equals` / `Map.equals` do).
 */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (isNullish(a) || isNullish(b)) return isNullish(a) && isNullish(b);
  if (isNumber(a) && isNumber(b)) {
    // Java's Integer.equals(Double) is false; equal numeric values of the same kind are equal.
    return numberValue(a) === numberValue(b) && isDouble(a) === isDouble(b);
  }
  if (isList(a) && isList(b)) return a.length === b.length && a.every((item, i) => javaEquals(item, b[i]));
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const other = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === other.length && keys.every((k) => Object.hasOwn(b, k) && javaEquals(a[k], b[k]));
  }
  return a === b;
}

/** A deep copy into plain JS values of this realm (JavaDouble becomes a number). */
export function toPlain(value: unknown): unknown {
  if (value instanceof JavaDouble) return value.value;
  if (isList(value)) return value.map(toPlain);
  if (isMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toPlain(item);
    return out;
  }
  return value;
}

/** The error for a utility the local cloud does not implement: never a silent null. */
export function notImplemented(name: string, why = 'it is not implemented by the local cloud'): TemplateRuntimeError {
  return new TemplateRuntimeError(`${name} cannot run locally: ${why}`);
}

/** The error for a utility called with arguments it cannot take. */
export function badArgument(name: string, detail: string): TemplateRuntimeError {
  return new TemplateRuntimeError(`${name}: ${detail}`);
}

/** A string argument, or a clear error naming the utility. */
export function requireString(name: string, value: unknown, position = 1): string {
  if (typeof value !== 'string') throw badArgument(name, `argument ${position} must be a String, got ${describe(value)}`);
  return value;
}

/** A list argument, or a clear error naming the utility. */
export function requireList(name: string, value: unknown, position = 1): unknown[] {
  if (!isList(value)) throw badArgument(name, `argument ${position} must be a List, got ${describe(value)}`);
  return value;
}

/** A map argument, or a clear error naming the utility. */
export function requireMap(name: string, value: unknown, position = 1): Record<string, unknown> {
  if (!isMap(value)) throw badArgument(name, `argument ${position} must be a Map, got ${describe(value)}`);
  return value;
}

/** A number argument, or a clear error naming the utility. */
export function requireNumber(name: string, value: unknown, position = 1): number {
  if (!isNumber(value)) throw badArgument(name, `argument ${position} must be a Number, got ${describe(value)}`);
  return numberValue(value);
}

/** How a value reads in an error message. */
export function describe(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (isList(value)) return 'a List';
  if (isMap(value)) return 'a Map';
  if (isNumber(value)) return `the Number ${String(value)}`;
  if (typeof value === 'string') return `the String ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `a ${typeof value}`;
}
