/**
 * Whether an event (a parsed JSON document) matches a compiled pattern, as EventBridge and SNS
 * decide it: every field of the pattern matches (AND), any value of a field's list does (OR),
 * an array in the event matches when any of its elements does, and the fields of a sub-pattern
 * over an array of objects must all come from the same element. Fields absent from the event
 * meet only `exists: false`; objects are not values (exists works on leaves only).
 */
import type { FieldTests, LeafValue, ObjectPattern } from './compile';

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/** The leaf values at a field: arrays flattened, objects and absence giving none. */
function leavesOf(value: unknown, out: LeafValue[]): LeafValue[] {
  if (Array.isArray(value)) {
    for (const item of value) leavesOf(item, out);
  } else if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out.push(value);
  }
  return out;
}

function matchesLeaves(tests: FieldTests, value: unknown): boolean {
  // The common case, one scalar, without building an array.
  const single = value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  const values = single ? undefined : leavesOf(value, []);
  const present = single || values!.length > 0;
  for (const test of tests.tests) {
    if (test.exists !== undefined) {
      if (test.exists === present) return true;
      continue;
    }
    if (!present) continue;
    if (single) {
      if (test.test(value as LeafValue)) return true;
    } else {
      for (const leaf of values!) if (test.test(leaf)) return true;
    }
  }
  return false;
}

function matchesNode(node: ObjectPattern | FieldTests, value: unknown): boolean {
  if (node.type === 'leaves') return matchesLeaves(node, value);
  if (Array.isArray(value)) {
    const objects = value.filter((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
    if (objects.length === 0) return matchesObject(node, EMPTY);
    return objects.some((item) => matchesObject(node, item as Record<string, unknown>));
  }
  return matchesObject(node, value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : EMPTY);
}

function matchesObject(pattern: ObjectPattern, event: Readonly<Record<string, unknown>>): boolean {
  for (const [name, node] of pattern.fields) {
    if (!matchesNode(node, Object.hasOwn(event, name) ? event[name] : undefined)) return false;
  }
  for (const alternatives of pattern.ors) {
    if (!alternatives.some((alternative) => matchesObject(alternative, event))) return false;
  }
  return true;
}

/**
 * @example
 * matchesPattern(compilePattern('{"detail": {"state": [{"anything-but": "stopped"}]}}'), { detail: { state: 'running' } }); // true
 */
export function matchesPattern(pattern: ObjectPattern, event: unknown): boolean {
  return matchesNode(pattern, event);
}
