import { TemplateRuntimeError } from '../runtime/types';
import { JavaDouble, isList, isMap, isNullish, isNumber, javaEquals, numberValue, requireList, requireMap, requireNumber, requireString } from './values';

/**
 * `$util.list`, `$util.map`, `$util.str` and `$util.math`: small pure helpers on
 * lists, maps, strings and numbers. The list and map helpers return copies.
 */

export const list = {
  /** The items of the first list that are also in the second (Java `equals`). */
  copyAndRetainAll(items: unknown, retain: unknown): unknown[] {
    const keep = requireList('$util.list.copyAndRetainAll', retain, 2);
    return requireList('$util.list.copyAndRetainAll', items, 1).filter((item) => keep.some((other) => javaEquals(item, other)));
  },
  /** The items of the first list that are not in the second. */
  copyAndRemoveAll(items: unknown, remove: unknown): unknown[] {
    const drop = requireList('$util.list.copyAndRemoveAll', remove, 2);
    return requireList('$util.list.copyAndRemoveAll', items, 1).filter((item) => !drop.some((other) => javaEquals(item, other)));
  },
  /**
   * Sorts a list of strings or numbers, or of maps by `property`; descending when
   * `descending` is true. A list mixing kinds comes back unchanged, as AppSync does.
   */
  sortList(items: unknown, descending: unknown, property: unknown): unknown[] {
    const source = requireList('$util.list.sortList', items, 1);
    if (source.length > 1000) throw new TemplateRuntimeError('$util.list.sortList supports lists of at most 1000 objects');
    const kind = (value: unknown) => (isNumber(value) ? 'number' : typeof value === 'string' ? 'string' : isMap(value) ? 'map' : 'other');
    const kinds = new Set(source.map(kind));
    if (kinds.size !== 1 || kinds.has('other')) return [...source];
    const keyOf = kinds.has('map') ? (item: unknown) => (item as Record<string, unknown>)[String(property)] : (item: unknown) => item;
    const keys = source.map(keyOf);
    const keyKinds = new Set(keys.map(kind));
    if (keyKinds.size !== 1 || !(keyKinds.has('number') || keyKinds.has('string'))) return [...source];
    const sign = descending === true ? -1 : 1;
    return source
      .map((item, index) => ({ item, key: keys[index] }))
      .sort((a, b) => {
        const x = isNumber(a.key) ? numberValue(a.key) : (a.key as string);
        const y = isNumber(b.key) ? numberValue(b.key) : (b.key as string);
        return x < y ? -sign : x > y ? sign : 0;
      })
      .map(({ item }) => item);
  },
};

export const map = {
  /** A copy of the map with only the given keys. */
  copyAndRetainAllKeys(source: unknown, keys: unknown): Record<string, unknown> {
    const wanted = requireList('$util.map.copyAndRetainAllKeys', keys, 2).map(String);
    const from = requireMap('$util.map.copyAndRetainAllKeys', source, 1);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(from)) if (wanted.includes(key)) out[key] = value;
    return out;
  },
  /** A copy of the map without the given keys. */
  copyAndRemoveAllKeys(source: unknown, keys: unknown): Record<string, unknown> {
    const unwanted = requireList('$util.map.copyAndRemoveAllKeys', keys, 2).map(String);
    const from = requireMap('$util.map.copyAndRemoveAllKeys', source, 1);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(from)) if (!unwanted.includes(key)) out[key] = value;
    return out;
  },
};

const NORMAL_FORMS = { nfc: 'NFC', nfd: 'NFD', nfkc: 'NFKC', nfkd: 'NFKD' } as const;

export const str = {
  toUpper: (value: unknown): string => requireString('$util.str.toUpper', value).toUpperCase(),
  toLower: (value: unknown): string => requireString('$util.str.toLower', value).toLowerCase(),
  /** Replaces every occurrence of `substring` (literally, not a regex). */
  toReplace(value: unknown, substring: unknown, replacement: unknown): string {
    const text = requireString('$util.str.toReplace', value, 1);
    return text.split(requireString('$util.str.toReplace', substring, 2)).join(requireString('$util.str.toReplace', replacement, 3));
  },
  /** Unicode normalization: `nfc`, `nfd`, `nfkc` or `nfkd`. */
  normalize(value: unknown, form: unknown): string {
    const name = requireString('$util.str.normalize', form, 2).toLowerCase() as keyof typeof NORMAL_FORMS;
    if (!NORMAL_FORMS[name]) throw new TemplateRuntimeError(`$util.str.normalize: the normalization form must be nfc, nfd, nfkc or nfkd, got ${JSON.stringify(form)}`);
    return requireString('$util.str.normalize', value, 1).normalize(NORMAL_FORMS[name]);
  },
};

/**
 * `$util.math`. `double` says how a Double result is represented: the VTL runtime
 * keeps Java's Double apart from integers (`JavaDouble`), the JS runtime has plain numbers.
 */
export function createMath(double: (value: number) => unknown = (value) => value) {
  return {
    /** Java's `Math.round`: to the nearest Long, halves up. */
    roundNum: (value: unknown): number => Math.floor(requireNumber('$util.math.roundNum', value) + 0.5),
    minVal: (a: unknown, b: unknown): unknown => double(Math.min(requireNumber('$util.math.minVal', a, 1), requireNumber('$util.math.minVal', b, 2))),
    maxVal: (a: unknown, b: unknown): unknown => double(Math.max(requireNumber('$util.math.maxVal', a, 1), requireNumber('$util.math.maxVal', b, 2))),
    randomDouble: (): unknown => double(Math.random()),
    /** A random integer between the two bounds, both included. */
    randomWithinRange: (low: unknown, high: unknown): number => {
      const a = Math.ceil(requireNumber('$util.math.randomWithinRange', low, 1));
      const b = Math.floor(requireNumber('$util.math.randomWithinRange', high, 2));
      if (b < a) throw new TemplateRuntimeError(`$util.math.randomWithinRange: the upper bound ${b} is below the lower bound ${a}`);
      return a + Math.floor(Math.random() * (b - a + 1));
    },
  };
}

/** A Double for the VTL runtime: integral values keep their Double-ness. */
export function vtlDouble(value: number): unknown {
  return Number.isInteger(value) ? new JavaDouble(value) : value;
}

export { isNullish, isList };
