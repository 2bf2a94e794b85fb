import { isIPv4, isIPv6 } from 'node:net';
import { GlobPattern, PolicyCompileError, Template, type ContextLookup, type RegexCache } from './patterns';

/**
 * IAM condition operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * the `ForAnyValue:`/`ForAllValues:` set qualifiers, `…IfExists`, and `Null`.
 */

/** One value test of an operator family: does the context value satisfy the policy value? */
type ValueTest = (contextValue: string, policyValue: string, regexes: RegexCache) => boolean;

interface OperatorFamily {
  /** A value test, or a wildcard match (`StringLike`, `ArnLike`) done by a compiled pattern. */
  test: ValueTest | 'glob' | 'arn-glob';
  /** Whether the operator is the negation of `test` (StringNotEquals of StringEquals…). */
  negated: boolean;
  /** Whether policy values may hold policy variables (string-like operators). */
  variables: boolean;
}

const numeric = (compare: (a: number, b: number) => boolean): ValueTest => (c, p) => {
  const a = Number(c);
  const b = Number(p);
  return c.trim() !== '' && p.trim() !== '' && !Number.isNaN(a) && !Number.isNaN(b) && compare(a, b);
};

/** ISO 8601 date/time or epoch seconds, as IAM accepts for Date operators. */
function parseDate(value: string): number {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  return Date.parse(value);
}

const date = (compare: (a: number, b: number) => boolean): ValueTest => (c, p) => {
  const a = parseDate(c);
  const b = parseDate(p);
  return !Number.isNaN(a) && !Number.isNaN(b) && compare(a, b);
};

const stringEquals: ValueTest = (c, p) => c === p;
const stringEqualsIgnoreCase: ValueTest = (c, p) => c.toLowerCase() === p.toLowerCase();

const ipAddress: ValueTest = (c, p, regexes) => {
  const family = isIPv4(c) ? 'ipv4' : isIPv6(c) ? 'ipv6' : undefined;
  return family !== undefined && (regexes.subnet(p)?.check(c, family) ?? false);
};

const FAMILIES: Record<string, OperatorFamily> = {
  stringequals: { test: stringEquals, negated: false, variables: true },
  stringnotequals: { test: stringEquals, negated: true, variables: true },
  stringequalsignorecase: { test: stringEqualsIgnoreCase, negated: false, variables: true },
  stringnotequalsignorecase: { test: stringEqualsIgnoreCase, negated: true, variables: true },
  stringlike: { test: 'glob', negated: false, variables: true },
  stringnotlike: { test: 'glob', negated: true, variables: true },
  numericequals: { test: numeric((a, b) => a === b), negated: false, variables: false },
  numericnotequals: { test: numeric((a, b) => a === b), negated: true, variables: false },
  numericlessthan: { test: numeric((a, b) => a < b), negated: false, variables: false },
  numericlessthanequals: { test: numeric((a, b) => a <= b), negated: false, variables: false },
  numericgreaterthan: { test: numeric((a, b) => a > b), negated: false, variables: false },
  numericgreaterthanequals: { test: numeric((a, b) => a >= b), negated: false, variables: false },
  dateequals: { test: date((a, b) => a === b), negated: false, variables: false },
  datenotequals: { test: date((a, b) => a === b), negated: true, variables: false },
  datelessthan: { test: date((a, b) => a < b), negated: false, variables: false },
  datelessthanequals: { test: date((a, b) => a <= b), negated: false, variables: false },
  dategreaterthan: { test: date((a, b) => a > b), negated: false, variables: false },
  dategreaterthanequals: { test: date((a, b) => a >= b), negated: false, variables: false },
  bool: { test: stringEqualsIgnoreCase, negated: false, variables: false },
  binaryequals: { test: stringEquals, negated: false, variables: false },
  ipaddress: { test: ipAddress, negated: false, variables: false },
  notipaddress: { test: ipAddress, negated: true, variables: false },
  arnequals: { test: 'arn-glob', negated: false, variables: true },
  arnlike: { test: 'arn-glob', negated: false, variables: true },
  arnnotequals: { test: 'arn-glob', negated: true, variables: true },
  arnnotlike: { test: 'arn-glob', negated: true, variables: true },
};

export interface CompiledCondition {
  /** As written, for messages: `ForAnyValue:StringLike`. */
  operator: string;
  key: string;
  test(context: ContextLookup, regexes: RegexCache): boolean;
}

/** Compiles one `operator: { key: value(s) }` entry of a Condition block into one test per key. */
export function compileCondition(operator: string, block: Record<string, unknown>, variables: boolean): CompiledCondition[] {
  let name = operator;
  let qualifier: 'any' | 'all' | undefined;
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const prefix = name.slice(0, colon).toLowerCase();
    if (prefix === 'foranyvalue') qualifier = 'any';
    else if (prefix === 'forallvalues') qualifier = 'all';
    else throw new PolicyCompileError(`Unknown condition set operator ${name.slice(0, colon)} in ${operator}: IAM knows ForAnyValue and ForAllValues`);
    name = name.slice(colon + 1);
  }
  let ifExists = false;
  if (/IfExists$/i.test(name)) {
    ifExists = true;
    name = name.slice(0, -'IfExists'.length);
  }
  const lower = name.toLowerCase();
  if (block === null || typeof block !== 'object' || Array.isArray(block)) {
    throw new PolicyCompileError(`Condition operator ${operator} must map condition keys to values`);
  }
  const entries = Object.entries(block).map(([key, value]) => {
    const values = (Array.isArray(value) ? value : [value]).map((v) => {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        throw new PolicyCompileError(`Condition ${operator} ${key}: values must be strings, numbers or booleans`);
      }
      return String(v);
    });
    return { key: key.toLowerCase(), values };
  });

  if (lower === 'null') {
    if (qualifier || ifExists) throw new PolicyCompileError(`${operator}: Null takes no set qualifier or IfExists`);
    return entries.map(({ key, values }) => ({
      operator,
      key,
      test: (context) => {
        const value = context(key);
        const absent = value === undefined || (Array.isArray(value) && value.length === 0);
        return values.some((v) => (v.toLowerCase() === 'true' ? absent : !absent));
      },
    }));
  }

  const family = FAMILIES[lower];
  if (!family) throw new PolicyCompileError(`Unknown condition operator ${operator}`);
  return entries.map(({ key, values }) => {
    // Each policy value becomes a test of one context value, compiled once.
    const tests = values.map((v): ((contextValue: string, context: ContextLookup, regexes: RegexCache) => boolean) => {
      const template = new Template(v, variables && family.variables);
      if (family.test === 'glob' || family.test === 'arn-glob') {
        const glob = new GlobPattern(template, family.test === 'glob' ? 'plain' : 'arn');
        return (contextValue, context, regexes) => glob.test(contextValue, context, regexes);
      }
      const test = family.test;
      if (!template.hasVariables) return (contextValue, _context, regexes) => test(contextValue, v, regexes);
      return (contextValue, context, regexes) => {
        const policyValue = template.resolve(context);
        return policyValue !== undefined && test(contextValue, policyValue, regexes);
      };
    });
    const anyPolicyValue = (contextValue: string, context: ContextLookup, regexes: RegexCache) => tests.some((test) => test(contextValue, context, regexes));
    return {
      operator,
      key,
      test: (context, regexes) => {
        const raw = context(key);
        const contextValues: readonly string[] | undefined = raw === undefined ? undefined : typeof raw === 'string' ? [raw] : raw;
        if (contextValues === undefined || contextValues.length === 0) {
          // A missing key: IfExists passes; ForAllValues is vacuously true; a negated operator is true.
          if (ifExists || qualifier === 'all') return true;
          if (qualifier === 'any') return false;
          return family.negated;
        }
        const matches = (value: string) => anyPolicyValue(value, context, regexes);
        if (qualifier === 'all') return contextValues.every((value) => matches(value) !== family.negated);
        if (qualifier === 'any') return contextValues.some((value) => matches(value) !== family.negated);
        return family.negated ? !contextValues.some(matches) : contextValues.some(matches);
      },
    };
  });
}
