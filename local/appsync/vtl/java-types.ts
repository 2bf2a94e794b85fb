import { TemplateRuntimeError } from '../runtime/types';
import {
  JavaDouble,
  isDouble,
  isList,
  isMap,
  isNullish,
  isNumber,
  javaDoubleToString,
  javaEquals,
  javaMatches,
  javaReplaceAll,
  javaReplaceFirst,
  javaSplit,
  numberValue,
} from '../util';

/**
 * The Java side of AppSync's VTL: templates call Java methods on what they hold
 * (`$map.put`, `$list.add`, `$str.replaceAll`, `$n.intValue()`), and text renders
 * as Java's `toString` (`{a=1}`, `[x, y]`, `2.0`). Values stay plain JS values; the
 * methods are looked up by the value's kind.
 */

/** What a Java `void` method returns: renders as nothing (Velocity prints no literal for it). */
export const VOID: unique symbol = Symbol('void');

/** `Map.Entry` from `entrySet()`: `$entry.key`, `$entry.value`, `setValue` writes through. */
export class MapEntry {
  constructor(
    private readonly map: Record<string, unknown>,
    readonly key: string,
  ) {}

  get value(): unknown {
    return this.map[this.key];
  }

  set value(value: unknown) {
    this.map[this.key] = value;
  }
}

/** `$foreach` inside `#foreach`. */
export class ForeachInfo {
  constructor(
    readonly index: number,
    readonly size: number,
    readonly parent: ForeachInfo | null,
  ) {}

  get count(): number {
    return this.index + 1;
  }

  get hasNext(): boolean {
    return this.index + 1 < this.size;
  }

  get first(): boolean {
    return this.index === 0;
  }

  get last(): boolean {
    return this.index + 1 === this.size;
  }
}

/** `$x.class` (Velocity's way to ask a type): `$x.class.name`, `$x.class.simpleName`. */
export class JavaClass {
  constructor(readonly name: string) {}

  get simpleName(): string {
    return this.name.slice(this.name.lastIndexOf('.') + 1);
  }
}

/** A call site, for messages: `$ctx.args.x.substring(…)` at line 3, column 5. */
export interface CallSite {
  text: string;
  where: string;
}

type Method = (target: never, args: unknown[], site: CallSite) => unknown;

function fail(site: CallSite, message: string): never {
  throw new TemplateRuntimeError(`${message} (in ${site.text})`, site.where);
}

function arity(site: CallSite, name: string, args: unknown[], ...counts: number[]): void {
  if (!counts.includes(args.length)) fail(site, `${name} takes ${counts.join(' or ')} argument(s), got ${args.length}`);
}

function str(site: CallSite, value: unknown, what = 'argument'): string {
  if (typeof value !== 'string') fail(site, `${what} must be a String, got ${value === null || value === undefined ? 'null' : typeof value}`);
  return value as string;
}

function int(site: CallSite, value: unknown, what = 'argument'): number {
  if (!isNumber(value) || isDouble(value)) fail(site, `${what} must be an integer, got ${String(value)}`);
  return numberValue(value);
}

/** Java's `toString` of a value, as text in a rendered template. */
export function javaString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isInteger(value) ? String(value) : javaDoubleToString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (value instanceof JavaDouble) return javaDoubleToString(value.value);
  if (isList(value)) return `[${value.map((item) => (item === value ? '(this Collection)' : javaString(item))).join(', ')}]`;
  if (isMap(value)) return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v === value ? '(this Map)' : javaString(v)}`).join(', ')}}`;
  if (value instanceof MapEntry) return `${value.key}=${javaString(value.value)}`;
  if (value instanceof JavaClass) return `class ${value.name}`;
  if (value instanceof ForeachInfo) return `ForeachScope`;
  return String(value);
}

/** The Java class name of a value (`$x.class.name`). */
export function javaClassOf(value: unknown): JavaClass {
  if (typeof value === 'string') return new JavaClass('java.lang.String');
  if (typeof value === 'boolean') return new JavaClass('java.lang.Boolean');
  if (isNumber(value)) return new JavaClass(isDouble(value) ? 'java.lang.Double' : Math.abs(numberValue(value)) > 2147483647 ? 'java.lang.Long' : 'java.lang.Integer');
  if (isList(value)) return new JavaClass('java.util.ArrayList');
  if (isMap(value)) return new JavaClass('java.util.LinkedHashMap');
  if (value instanceof MapEntry) return new JavaClass('java.util.LinkedHashMap$Entry');
  return new JavaClass('java.lang.Object');
}

function compareJava(site: CallSite, a: unknown, b: unknown): number {
  if (isNumber(a) && isNumber(b)) return Math.sign(numberValue(a) - numberValue(b));
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return fail(site, `cannot compare ${javaClassOf(a).name} with ${javaClassOf(b).name}`);
}

function index(site: CallSite, value: unknown, size: number, name: string, inclusiveEnd = false): number {
  const i = int(site, value, `${name} index`);
  if (i < 0 || i > size || (!inclusiveEnd && i === size)) fail(site, `${name}: index ${i} out of bounds for length ${size}`);
  return i;
}

const common = {
  equals: (target: unknown, args: unknown[]) => javaEquals(target, args[0]),
  hashCode: () => 0,
  toString: (target: unknown) => javaString(target),
  getClass: (target: unknown) => javaClassOf(target),
};

// ---------------------------------------------------------------- String

const STRING_METHODS: Record<string, Method> = {
  ...common,
  length: (s: string) => s.length,
  isEmpty: (s: string) => s.length === 0,
  isBlank: (s: string) => s.trim().length === 0,
  charAt: (s: string, args, site) => s[index(site, args[0], s.length, 'charAt')],
  codePointAt: (s: string, args, site) => s.codePointAt(index(site, args[0], s.length, 'codePointAt')),
  compareTo: (s: string, args, site) => {
    const other = str(site, args[0]);
    // Java: difference of the first differing chars, else of the lengths.
    for (let i = 0; i < Math.min(s.length, other.length); i++) if (s[i] !== other[i]) return s.charCodeAt(i) - other.charCodeAt(i);
    return s.length - other.length;
  },
  compareToIgnoreCase: (s: string, args, site) => STRING_METHODS.compareTo(s.toLowerCase() as never, [str(site, args[0]).toLowerCase()], site),
  concat: (s: string, args, site) => s + str(site, args[0]),
  contains: (s: string, args, site) => s.includes(javaString(args[0] ?? fail(site, 'contains(null)'))),
  startsWith: (s: string, args, site) => s.startsWith(str(site, args[0]), args.length > 1 ? int(site, args[1]) : 0),
  endsWith: (s: string, args, site) => s.endsWith(str(site, args[0])),
  equalsIgnoreCase: (s: string, args) => typeof args[0] === 'string' && s.toLowerCase() === args[0].toLowerCase(),
  indexOf: (s: string, args, site) => s.indexOf(str(site, args[0]), args.length > 1 ? int(site, args[1]) : 0),
  lastIndexOf: (s: string, args, site) => (args.length > 1 ? s.lastIndexOf(str(site, args[0]), int(site, args[1])) : s.lastIndexOf(str(site, args[0]))),
  matches: (s: string, args, site) => javaMatches(str(site, args[0]), s),
  replace: (s: string, args, site) => {
    arity(site, 'replace', args, 2);
    return s.split(javaString(args[0])).join(javaString(args[1]));
  },
  replaceAll: (s: string, args, site) => {
    arity(site, 'replaceAll', args, 2);
    return javaReplaceAll(s, str(site, args[0]), str(site, args[1]));
  },
  replaceFirst: (s: string, args, site) => {
    arity(site, 'replaceFirst', args, 2);
    return javaReplaceFirst(s, str(site, args[0]), str(site, args[1]));
  },
  split: (s: string, args, site) => javaSplit(s, str(site, args[0]), args.length > 1 ? int(site, args[1]) : 0),
  substring: (s: string, args, site) => {
    const begin = index(site, args[0], s.length, 'substring', true);
    const end = args.length > 1 ? index(site, args[1], s.length, 'substring', true) : s.length;
    if (end < begin) fail(site, `substring: begin ${begin}, end ${end}, length ${s.length}`);
    return s.slice(begin, end);
  },
  subSequence: (s: string, args, site) => STRING_METHODS.substring(s as never, args, site),
  toLowerCase: (s: string) => s.toLowerCase(),
  toUpperCase: (s: string) => s.toUpperCase(),
  // Java's trim removes chars <= U+0020; strip removes Unicode whitespace.
  trim: (s: string) => s.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, ''),
  strip: (s: string) => s.trim(),
  stripLeading: (s: string) => s.trimStart(),
  stripTrailing: (s: string) => s.trimEnd(),
  repeat: (s: string, args, site) => s.repeat(int(site, args[0])),
  toCharArray: (s: string) => [...s],
  getBytes: (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (b > 127 ? b - 256 : b)),
};

const STRING_KNOWN = ['codePointBefore', 'codePointCount', 'offsetByCodePoints', 'getChars', 'contentEquals', 'regionMatches', 'intern', 'lines', 'chars', 'codePoints', 'indent', 'stripIndent', 'translateEscapes', 'formatted', 'transform', 'describeConstable'];

// ---------------------------------------------------------------- Number / Boolean

const NUMBER_METHODS: Record<string, Method> = {
  ...common,
  intValue: (n: number) => Math.trunc(numberValue(n)) | 0,
  longValue: (n: number) => Math.trunc(numberValue(n)),
  shortValue: (n: number) => (Math.trunc(numberValue(n)) << 16) >> 16,
  byteValue: (n: number) => (Math.trunc(numberValue(n)) << 24) >> 24,
  doubleValue: (n: number) => (Number.isInteger(numberValue(n)) ? new JavaDouble(numberValue(n)) : numberValue(n)),
  floatValue: (n: number) => (Number.isInteger(numberValue(n)) ? new JavaDouble(numberValue(n)) : Math.fround(numberValue(n))),
  compareTo: (n: number, args, site) => compareJava(site, n, args[0]),
  isNaN: (n: number) => Number.isNaN(numberValue(n)),
  isInfinite: (n: number) => !Number.isFinite(numberValue(n)) && !Number.isNaN(numberValue(n)),
};

const BOOLEAN_METHODS: Record<string, Method> = {
  ...common,
  booleanValue: (b: boolean) => b,
  compareTo: (b: boolean, args, site) => compareJava(site, b, args[0]),
};

// ---------------------------------------------------------------- List

function sameIndexOf(list: unknown[], item: unknown): number {
  return list.findIndex((candidate) => javaEquals(candidate, item));
}

const LIST_METHODS: Record<string, Method> = {
  ...common,
  size: (l: unknown[]) => l.length,
  isEmpty: (l: unknown[]) => l.length === 0,
  get: (l: unknown[], args, site) => l[index(site, args[0], l.length, 'get')],
  set: (l: unknown[], args, site) => {
    arity(site, 'set', args, 2);
    const i = index(site, args[0], l.length, 'set');
    const previous = l[i];
    l[i] = args[1];
    return previous;
  },
  add: (l: unknown[], args, site) => {
    arity(site, 'add', args, 1, 2);
    if (args.length === 2) {
      l.splice(index(site, args[0], l.length, 'add', true), 0, args[1]);
      return VOID;
    }
    l.push(args[0]);
    return true;
  },
  addAll: (l: unknown[], args, site) => {
    arity(site, 'addAll', args, 1, 2);
    const items = args[args.length - 1];
    if (!isList(items)) fail(site, 'addAll needs a List');
    if (args.length === 2) l.splice(index(site, args[0], l.length, 'addAll', true), 0, ...(items as unknown[]));
    else l.push(...(items as unknown[]));
    return (items as unknown[]).length > 0;
  },
  remove: (l: unknown[], args, site) => {
    arity(site, 'remove', args, 1);
    // Velocity picks remove(int) for an Integer argument, remove(Object) otherwise.
    if (isNumber(args[0]) && !isDouble(args[0])) return l.splice(index(site, args[0], l.length, 'remove'), 1)[0];
    const at = sameIndexOf(l, args[0]);
    if (at < 0) return false;
    l.splice(at, 1);
    return true;
  },
  removeAll: (l: unknown[], args, site) => {
    if (!isList(args[0])) fail(site, 'removeAll needs a List');
    const before = l.length;
    const drop = args[0] as unknown[];
    const kept = l.filter((item) => !drop.some((other) => javaEquals(item, other)));
    l.splice(0, l.length, ...kept);
    return kept.length !== before;
  },
  retainAll: (l: unknown[], args, site) => {
    if (!isList(args[0])) fail(site, 'retainAll needs a List');
    const before = l.length;
    const keep = args[0] as unknown[];
    const kept = l.filter((item) => keep.some((other) => javaEquals(item, other)));
    l.splice(0, l.length, ...kept);
    return kept.length !== before;
  },
  contains: (l: unknown[], args) => sameIndexOf(l, args[0]) >= 0,
  containsAll: (l: unknown[], args, site) => {
    if (!isList(args[0])) fail(site, 'containsAll needs a List');
    return (args[0] as unknown[]).every((item) => sameIndexOf(l, item) >= 0);
  },
  indexOf: (l: unknown[], args) => sameIndexOf(l, args[0]),
  lastIndexOf: (l: unknown[], args) => {
    for (let i = l.length - 1; i >= 0; i--) if (javaEquals(l[i], args[0])) return i;
    return -1;
  },
  clear: (l: unknown[]) => {
    l.length = 0;
    return VOID;
  },
  subList: (l: unknown[], args, site) => {
    const from = index(site, args[0], l.length, 'subList', true);
    const to = index(site, args[1], l.length, 'subList', true);
    if (to < from) fail(site, `subList: fromIndex(${from}) > toIndex(${to})`);
    return l.slice(from, to);
  },
  toArray: (l: unknown[]) => [...l],
  sort: (l: unknown[], args, site) => {
    if (args.length && !isNullish(args[0])) fail(site, 'sort with a Comparator is not possible from a template');
    l.sort((a, b) => compareJava(site, a, b));
    return VOID;
  },
  reversed: (l: unknown[]) => [...l].reverse(),
  getFirst: (l: unknown[], _args, site) => (l.length ? l[0] : fail(site, 'getFirst on an empty List')),
  getLast: (l: unknown[], _args, site) => (l.length ? l[l.length - 1] : fail(site, 'getLast on an empty List')),
};

const LIST_KNOWN = ['iterator', 'listIterator', 'stream', 'parallelStream', 'forEach', 'removeIf', 'replaceAll', 'spliterator', 'ensureCapacity', 'trimToSize', 'clone', 'addFirst', 'addLast', 'removeFirst', 'removeLast'];

// ---------------------------------------------------------------- Map

function previous(map: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(map, key) ? map[key] : null;
}

const MAP_METHODS: Record<string, Method> = {
  ...common,
  size: (m: Record<string, unknown>) => Object.keys(m).length,
  isEmpty: (m: Record<string, unknown>) => Object.keys(m).length === 0,
  get: (m: Record<string, unknown>, args) => (Object.hasOwn(m, javaString(args[0])) ? m[javaString(args[0])] : null),
  getOrDefault: (m: Record<string, unknown>, args) => {
    const key = javaString(args[0]);
    return Object.hasOwn(m, key) ? m[key] : args[1];
  },
  put: (m: Record<string, unknown>, args, site) => {
    arity(site, 'put', args, 2);
    const key = javaString(args[0]);
    const old = previous(m, key);
    m[key] = args[1];
    return old;
  },
  putIfAbsent: (m: Record<string, unknown>, args) => {
    const key = javaString(args[0]);
    const old = previous(m, key);
    if (isNullish(old)) m[key] = args[1];
    return old;
  },
  putAll: (m: Record<string, unknown>, args, site) => {
    if (!isMap(args[0])) fail(site, 'putAll needs a Map');
    Object.assign(m, args[0]);
    return VOID;
  },
  remove: (m: Record<string, unknown>, args) => {
    const key = javaString(args[0]);
    const old = previous(m, key);
    delete m[key];
    return old;
  },
  replace: (m: Record<string, unknown>, args) => {
    const key = javaString(args[0]);
    if (!Object.hasOwn(m, key)) return null;
    const old = m[key];
    m[key] = args[1];
    return old;
  },
  containsKey: (m: Record<string, unknown>, args) => Object.hasOwn(m, javaString(args[0])),
  containsValue: (m: Record<string, unknown>, args) => Object.values(m).some((value) => javaEquals(value, args[0])),
  keySet: (m: Record<string, unknown>) => Object.keys(m),
  values: (m: Record<string, unknown>) => Object.values(m),
  entrySet: (m: Record<string, unknown>) => Object.keys(m).map((key) => new MapEntry(m, key)),
  clear: (m: Record<string, unknown>) => {
    for (const key of Object.keys(m)) delete m[key];
    return VOID;
  },
};

const MAP_KNOWN = ['compute', 'computeIfAbsent', 'computeIfPresent', 'merge', 'forEach', 'replaceAll', 'clone', 'entry', 'firstEntry', 'lastEntry', 'pollFirstEntry', 'pollLastEntry', 'sequencedKeySet', 'sequencedValues', 'sequencedEntrySet', 'putFirst', 'putLast'];

// ---------------------------------------------------------------- entries, $foreach, classes

const ENTRY_METHODS: Record<string, Method> = {
  ...common,
  getKey: (e: MapEntry) => e.key,
  getValue: (e: MapEntry) => e.value,
  setValue: (e: MapEntry, args) => {
    const old = e.value;
    e.value = args[0];
    return old;
  },
};

const FOREACH_METHODS: Record<string, Method> = {
  hasNext: (f: ForeachInfo) => f.hasNext,
  getHasNext: (f: ForeachInfo) => f.hasNext,
  getCount: (f: ForeachInfo) => f.count,
  getIndex: (f: ForeachInfo) => f.index,
  isFirst: (f: ForeachInfo) => f.first,
  isLast: (f: ForeachInfo) => f.last,
  getFirst: (f: ForeachInfo) => f.first,
  getLast: (f: ForeachInfo) => f.last,
  getParent: (f: ForeachInfo) => f.parent,
};

const CLASS_METHODS: Record<string, Method> = {
  getName: (c: JavaClass) => c.name,
  getSimpleName: (c: JavaClass) => c.simpleName,
  toString: (c: JavaClass) => javaString(c),
};

function tableOf(target: unknown): { methods: Record<string, Method>; known: string[]; type: string } | undefined {
  if (typeof target === 'string') return { methods: STRING_METHODS, known: STRING_KNOWN, type: 'String' };
  if (isNumber(target)) return { methods: NUMBER_METHODS, known: [], type: 'Number' };
  if (typeof target === 'boolean') return { methods: BOOLEAN_METHODS, known: [], type: 'Boolean' };
  if (isList(target)) return { methods: LIST_METHODS, known: LIST_KNOWN, type: 'List' };
  if (isMap(target)) return { methods: MAP_METHODS, known: MAP_KNOWN, type: 'Map' };
  if (target instanceof MapEntry) return { methods: ENTRY_METHODS, known: [], type: 'Map.Entry' };
  if (target instanceof ForeachInfo) return { methods: FOREACH_METHODS, known: [], type: '$foreach' };
  if (target instanceof JavaClass) return { methods: CLASS_METHODS, known: [], type: 'Class' };
  return undefined;
}

/**
 * Calls a Java method on a value. A method Java has but the local cloud lacks
 * fails loudly; a method the type does not have at all yields undefined (Velocity
 * leaves such a reference unrendered, as AppSync does).
 */
export function invokeJavaMethod(target: unknown, name: string, args: unknown[], site: CallSite): unknown {
  const table = tableOf(target);
  if (!table) return undefined;
  const method = Object.hasOwn(table.methods, name) ? table.methods[name] : undefined;
  if (method) {
    try {
      return method(target as never, args, site);
    } catch (error) {
      if (error instanceof TemplateRuntimeError) throw error;
      fail(site, `${table.type}.${name} failed: ${(error as Error).message}`);
    }
  }
  if (table.known.includes(name)) fail(site, `the Java method ${table.type}.${name}() is not implemented by the local cloud`);
  return undefined;
}

/**
 * Velocity's property lookup (`$x.foo`): a map's key; otherwise the getter
 * `getFoo()` or `isFoo()` (so `$list.empty`, `$entry.key`, `$foreach.hasNext`,
 * `$x.class.name` work).
 */
export function getJavaProperty(target: unknown, name: string, site: CallSite): unknown {
  if (isMap(target)) return Object.hasOwn(target, name) ? target[name] : undefined;
  if (target instanceof MapEntry) return name === 'key' ? target.key : name === 'value' ? target.value : undefined;
  if (target instanceof ForeachInfo) {
    switch (name) {
      case 'hasNext': return target.hasNext;
      case 'count': return target.count;
      case 'index': return target.index;
      case 'first': return target.first;
      case 'last': return target.last;
      case 'parent': return target.parent;
      default: return undefined;
    }
  }
  if (name === 'class') return isNullish(target) ? undefined : javaClassOf(target);
  const table = tableOf(target);
  if (!table || name.length === 0) return undefined;
  const capital = name[0].toUpperCase() + name.slice(1);
  for (const candidate of [`get${capital}`, `is${capital}`]) {
    if (Object.hasOwn(table.methods, candidate)) return table.methods[candidate](target as never, [], site);
  }
  return undefined;
}
