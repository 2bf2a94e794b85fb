/**
 * Compiles an event pattern (EventBridge rules, archives, TestEventPattern) or a filter policy
 * (SNS) into a matcher, refusing what AWS refuses with AWS's reasons. AWS compiles patterns
 * with its open-source rule engine (event-ruler): this follows the same grammar and refusals,
 * token by token, so the reason and the position in a refusal are the ones AWS gives. No JS
 * library implements the language (prefix/suffix/equals-ignore-case, anything-but and its
 * forms, numeric ranges, exists, CIDR, wildcard, `$or`) with those refusals, hence this module.
 */
import { inRange, parseCidr } from './ip-range';
import { JsonTokenReader, type Token } from './json-reader';

/** A leaf of an event: what a pattern's value list is tested against. */
export type LeafValue = string | number | boolean | null;

/** One way a field may match (`"a"`, `{"prefix": "a"}`…); absent fields only meet `exists`. */
export interface LeafTest {
  readonly kind: string;
  /** `exists: true|false` decide on presence alone. */
  readonly exists?: boolean;
  /** Anything-but matches a present value none of its values match. */
  test(value: LeafValue): boolean;
}

/** A field's list of tests: it matches when any of them does. */
export interface FieldTests {
  readonly type: 'leaves';
  readonly tests: readonly LeafTest[];
}

/** An object of the pattern: every field matches, and one alternative of each `$or`. */
export interface ObjectPattern {
  readonly type: 'object';
  readonly fields: ReadonlyArray<readonly [string, ObjectPattern | FieldTests]>;
  readonly ors: ReadonlyArray<readonly ObjectPattern[]>;
}

/** Match-type names that may not be field names inside `$or`. */
const RESERVED_IN_OR = new Set([
  'exactly', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr',
  '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case',
  'date-after', 'date-on-or-after', 'date-before', 'date-on-or-before', 'in-date-range', 'ip-address-in-range', 'ip-address-not-in-range',
]);

const isNumberToken = (token: Token | undefined) => token?.kind === 'number';

/** `*` any run of characters; `\*` and `\\` the characters themselves. Refusals as AWS words them. */
function wildcardRegex(pattern: string): RegExp {
  const bytes = Buffer.from(pattern, 'utf8');
  let source = '';
  let literal: number[] = [];
  const flush = () => {
    source += Buffer.from(literal).toString('utf8').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    literal = [];
  };
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x2a) {
      if (bytes[i + 1] === 0x2a) throw new Error(`Consecutive wildcard characters at pos ${i}`);
      flush();
      source += '.*';
    } else if (bytes[i] === 0x5c) {
      if (bytes[i + 1] === 0x2a || bytes[i + 1] === 0x5c) {
        literal.push(bytes[i + 1]);
        i++;
      } else {
        throw new Error(`Invalid escape character at pos ${i}`);
      }
    } else {
      literal.push(bytes[i]);
    }
  }
  flush();
  return new RegExp(`^${source}$`, 's');
}

const exact = (expected: LeafValue): LeafTest => ({
  kind: 'exact',
  test: typeof expected === 'number' ? (value) => value === expected : (value) => value === expected,
});
const isString = (value: LeafValue): value is string => typeof value === 'string';

function prefix(text: string, ignoreCase: boolean): LeafTest {
  const lower = text.toLowerCase();
  return { kind: 'prefix', test: ignoreCase ? (v) => isString(v) && v.toLowerCase().startsWith(lower) : (v) => isString(v) && v.startsWith(text) };
}
function suffix(text: string, ignoreCase: boolean): LeafTest {
  const lower = text.toLowerCase();
  return { kind: 'suffix', test: ignoreCase ? (v) => isString(v) && v.toLowerCase().endsWith(lower) : (v) => isString(v) && v.endsWith(text) };
}
function equalsIgnoreCase(text: string): LeafTest {
  const lower = text.toLowerCase();
  return { kind: 'equals-ignore-case', test: (v) => isString(v) && v.toLowerCase() === lower };
}
function wildcard(text: string): LeafTest {
  const regex = wildcardRegex(text);
  return { kind: 'wildcard', test: (v) => isString(v) && regex.test(v) };
}
function anythingBut(inner: readonly LeafTest[]): LeafTest {
  return { kind: 'anything-but', test: (v) => !inner.some((test) => test.test(v)) };
}

/** A number the engine can compare; AWS refuses the others. */
function comparable(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`Cannot compare number : ${text}`);
  return value;
}

/**
 * Compiles the pattern text; throws PatternSyntaxError with AWS's reason and position.
 * @example
 * const pattern = compilePattern('{"source": ["flare.incidents"], "detail": {"severity": [{"prefix": "SEV"}]}}');
 * matchesPattern(pattern, event);
 */
export function compilePattern(text: string): ObjectPattern {
  const reader = new JsonTokenReader(text);
  const first = reader.next();
  if (first?.kind !== 'start-object') throw reader.fail('Filter is not an object');
  const pattern = readObject(reader, false);
  while (reader.next() !== undefined) {
    // Trailing tokens after the pattern are read as JSON (a second value is refused by the reader).
  }
  return pattern;
}

function readObject(reader: JsonTokenReader, insideOr: boolean): ObjectPattern {
  const fields = new Map<string, ObjectPattern | FieldTests>();
  const ors: ObjectPattern[][] = [];
  let present = false;
  for (let token = reader.next(); token?.kind !== 'end-object'; token = reader.next()) {
    present = true;
    const name = token!.text;
    if (name === '$or') {
      ors.push(readOr(reader));
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(name)) throw reader.fail(`${name} is Ruler reserved fieldName which cannot be used inside $or.`);
    const value = reader.next();
    if (value?.kind === 'start-object') fields.set(name, readObject(reader, insideOr));
    else if (value?.kind === 'start-array') fields.set(name, readValues(reader));
    else throw reader.fail(`"${name}" must be an object or an array`);
  }
  if (!present) throw reader.fail('Empty objects are not allowed');
  return { type: 'object', fields: [...fields.entries()], ors };
}

function readOr(reader: JsonTokenReader): ObjectPattern[] {
  if (reader.next()?.kind !== 'start-array') throw reader.fail('It must be an Array followed with $or.');
  const alternatives: ObjectPattern[] = [];
  for (let token = reader.next(); token?.kind !== 'end-array'; token = reader.next()) {
    if (token?.kind !== 'start-object') throw reader.fail('Only JSON object is allowed in array of $or relationship.');
    alternatives.push(readObject(reader, true));
  }
  if (alternatives.length < 2) throw reader.fail('There must have at least 2 Objects in $or relationship.');
  return alternatives;
}

function readValues(reader: JsonTokenReader): FieldTests {
  const tests: LeafTest[] = [];
  for (let token = reader.next(); token?.kind !== 'end-array'; token = reader.next()) {
    switch (token?.kind) {
      case 'start-object':
        tests.push(readMatchExpression(reader));
        break;
      case 'string':
        tests.push(exact(reader.text(token)));
        break;
      case 'number':
        tests.push(exact(Number(token.text)));
        break;
      case 'true':
      case 'false':
        tests.push(exact(token.kind === 'true'));
        break;
      case 'null':
        tests.push(exact(null));
        break;
      default:
        throw reader.fail('Match value must be String, number, true, false, or null');
    }
  }
  if (tests.length === 0) throw reader.fail('Empty arrays are not allowed');
  return { type: 'leaves', tests };
}

/** Reads the string value of a one-key expression (`{"prefix": "a"}`) and its closing brace. */
function singleString(reader: JsonTokenReader, refusal: string): string {
  const token = reader.next();
  if (token?.kind !== 'string') throw reader.fail(refusal);
  const text = reader.text(token);
  if (reader.next()?.kind !== 'end-object') throw reader.fail('Only one key allowed in match expression');
  return text;
}

function guarded<T>(reader: JsonTokenReader, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof Error && error.name === 'Error') throw reader.fail(error.message);
    throw error;
  }
}

function readMatchExpression(reader: JsonTokenReader): LeafTest {
  const name = reader.next();
  if (name?.kind !== 'field') throw reader.fail('Match expression name not found');
  switch (name.text) {
    case 'exactly':
      return exact(singleString(reader, 'exact match pattern must be a string'));
    case 'prefix':
    case 'suffix': {
      const token = reader.next();
      if (token?.kind === 'start-object') return readIgnoreCaseAffix(reader, name.text);
      if (token?.kind !== 'string') throw reader.fail(`${name.text} match pattern must be a string`);
      const text = reader.text(token);
      if (reader.next()?.kind !== 'end-object') throw reader.fail('Only one key allowed in match expression');
      return name.text === 'prefix' ? prefix(text, false) : suffix(text, false);
    }
    case 'numeric': {
      if (reader.next()?.kind !== 'start-array') throw reader.fail('Value of numeric must be an array.');
      const range = readNumeric(reader);
      if (reader.next()?.kind !== 'end-object') throw reader.fail('Too many elements in numeric expression');
      return range;
    }
    case 'anything-but':
      return readAnythingBut(reader);
    case 'exists': {
      const token = reader.next();
      if (token?.kind !== 'true' && token?.kind !== 'false') throw reader.fail('exists match pattern must be either true or false.');
      if (reader.next()?.kind !== 'end-object') throw reader.fail('Only one key allowed in match expression');
      const exists = token.kind === 'true';
      return { kind: 'exists', exists, test: () => exists };
    }
    case 'cidr': {
      // AWS's refusal for a non-string CIDR names prefix: the engine reuses that sentence.
      const text = singleStringBeforeClose(reader, 'prefix match pattern must be a string');
      const range = guarded(reader, () => parseCidr(text));
      if (reader.next()?.kind !== 'end-object') throw reader.fail('Only one key allowed in match expression');
      return { kind: 'cidr', test: (v) => isString(v) && inRange(range, v) };
    }
    case 'equals-ignore-case':
      return equalsIgnoreCase(singleString(reader, 'equals-ignore-case match pattern must be a string'));
    case 'wildcard': {
      const text = singleStringBeforeClose(reader, 'wildcard match pattern must be a string');
      const test = guarded(reader, () => wildcard(text));
      if (reader.next()?.kind !== 'end-object') throw reader.fail('Only one key allowed in match expression');
      return test;
    }
    default:
      throw reader.fail(`Unrecognized match type ${name.text}`);
  }
}

function singleStringBeforeClose(reader: JsonTokenReader, refusal: string): string {
  const token = reader.next();
  if (token?.kind !== 'string') throw reader.fail(refusal);
  return reader.text(token);
}

/** `{"prefix": {"equals-ignore-case": "a"}}`, after the inner `{`. */
function readIgnoreCaseAffix(reader: JsonTokenReader, kind: 'prefix' | 'suffix'): LeafTest {
  const Kind = kind === 'prefix' ? 'Prefix' : 'Suffix';
  const name = reader.next();
  if (name?.kind !== 'field') throw reader.fail(`${Kind} expression name not found`);
  if (name.text !== 'equals-ignore-case') throw reader.fail(`Unsupported ${kind} pattern: ${name.text}`);
  const token = reader.next();
  if (token?.kind !== 'string') throw reader.fail('equals-ignore-case match pattern must be a string');
  const text = reader.text(token);
  if (reader.next()?.kind !== 'end-object') throw reader.fail('Only one key allowed in match expression');
  if (reader.next()?.kind !== 'end-object') throw reader.fail('Only one key allowed in match expression');
  return kind === 'prefix' ? prefix(text, true) : suffix(text, true);
}

type AnythingButForm = 'plain' | 'equals-ignore-case' | 'prefix' | 'suffix' | 'wildcard';

function readAnythingBut(reader: JsonTokenReader): LeafTest {
  let form: AnythingButForm = 'plain';
  let token = reader.next();
  if (token?.kind === 'start-object') {
    const name = reader.next();
    if (name?.kind !== 'field') throw reader.fail('Anything-But expression name not found');
    if (name.text !== 'equals-ignore-case' && name.text !== 'prefix' && name.text !== 'suffix' && name.text !== 'wildcard') {
      throw reader.fail(`Unsupported anything-but pattern: ${name.text}`);
    }
    form = name.text;
    token = reader.next();
  }
  if (token?.kind !== 'start-array' && token?.kind !== 'string' && token?.kind !== 'number') {
    throw reader.fail('Value of anything-but must be an array or single string/number value.');
  }
  const inner: LeafTest[] = [];
  if (token.kind === 'start-array') {
    if (form === 'plain') {
      let strings = false;
      let numbers = false;
      for (let item = reader.next(); item?.kind !== 'end-array'; item = reader.next()) {
        if (item?.kind === 'string') {
          strings = true;
          inner.push(exact(reader.text(item)));
        } else if (item?.kind === 'number') {
          numbers = true;
          inner.push(exact(guarded(reader, () => comparable(item.text))));
        } else {
          throw reader.fail('Inside anything but list, start|null|boolean is not supported.');
        }
      }
      if (strings === numbers) throw reader.fail('Inside anything but list, either all values are number or string, mixed type is not supported');
    } else {
      for (let item = reader.next(); item?.kind !== 'end-array'; item = reader.next()) inner.push(anythingButValue(reader, item, form));
    }
  } else if (form === 'plain') {
    if (token.kind === 'string') inner.push(exact(reader.text(token)));
    else inner.push(exact(guarded(reader, () => comparable(token.text))));
  } else {
    inner.push(anythingButValue(reader, token, form));
  }
  if (reader.next()?.kind !== 'end-object') throw reader.fail('Too many elements in numeric expression');
  if (form !== 'plain' && reader.next()?.kind !== 'end-object') throw reader.fail('Too many elements in numeric expression');
  return anythingBut(inner);
}

function anythingButValue(reader: JsonTokenReader, token: Token | undefined, form: Exclude<AnythingButForm, 'plain'>): LeafTest {
  if (token?.kind !== 'string') {
    if (form === 'equals-ignore-case') throw reader.fail('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
    throw reader.fail(form === 'wildcard' ? 'wildcard match pattern must be a string' : 'prefix/suffix match pattern must be a string');
  }
  const text = reader.text(token);
  if ((form === 'prefix' || form === 'suffix') && text === '') throw reader.fail('Null prefix/suffix not allowed');
  switch (form) {
    case 'equals-ignore-case':
      return equalsIgnoreCase(text);
    case 'prefix':
      return prefix(text, false);
    case 'suffix':
      return suffix(text, false);
    case 'wildcard':
      return guarded(reader, () => wildcard(text));
  }
}

interface Bound {
  value: number;
  open: boolean;
}

function range(low: Bound | undefined, high: Bound | undefined): LeafTest {
  return {
    kind: 'numeric',
    test: (v) =>
      typeof v === 'number' &&
      (low === undefined || (low.open ? v > low.value : v >= low.value)) &&
      (high === undefined || (high.open ? v < high.value : v <= high.value)),
  };
}

/** `[">", 0, "<=", 5]`, after the `[`; the closing `]` is read. */
function readNumeric(reader: JsonTokenReader): LeafTest {
  const operatorToken = reader.next();
  if (operatorToken?.kind !== 'string') throw reader.fail(`Invalid member in numeric match: ${operatorToken?.text ?? ''}`);
  const operator = reader.text(operatorToken);
  const valueToken = reader.next();
  const number = (refusal: string) => {
    if (!isNumberToken(valueToken)) throw reader.fail(refusal);
    return guarded(reader, () => comparable(valueToken!.text));
  };
  const end = () => {
    if (reader.next()?.kind !== 'end-array') throw reader.fail('Too many elements in numeric expression');
  };
  switch (operator) {
    case '=': {
      const value = number('Value of equals must be numeric');
      end();
      return { kind: 'numeric', test: (v) => v === value };
    }
    case '>=':
    case '>': {
      const low = { value: number(`Value of ${operator} must be numeric`), open: operator === '>' };
      const next = reader.next();
      if (next?.kind === 'end-array') return range(low, undefined);
      if (next?.kind !== 'string') throw reader.fail(`Bad value in numeric range: ${next?.text ?? ''}`);
      const upper = reader.text(next);
      if (upper !== '<' && upper !== '<=') throw reader.fail(`Bad numeric range operator: ${upper}`);
      const top = reader.next();
      if (!isNumberToken(top)) throw reader.fail(`Value of ${upper} must be numeric`);
      const high = { value: guarded(reader, () => comparable(top!.text)), open: upper === '<' };
      if (reader.next()?.kind !== 'end-array') throw reader.fail('Too many terms in numeric range expression');
      if (high.value < low.value) throw reader.fail('Bottom must be less than top');
      return range(low, high);
    }
    case '<=':
    case '<': {
      const high = { value: number(`Value of ${operator} must be numeric`), open: operator === '<' };
      end();
      return range(undefined, high);
    }
    default:
      throw reader.fail(`Unrecognized numeric range operator: ${operator}`);
  }
}
