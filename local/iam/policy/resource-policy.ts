/**
 * Resource-based policies (S3 bucket policies, SQS queue policies, Secrets Manager resource
 * policies) evaluated as the IAM policy reference defines them: Principal / NotPrincipal,
 * Action / NotAction, Resource / NotResource and Condition blocks. The caller's identity
 * policies are evaluated by the local IAM service; each service combines the two decisions
 * the way AWS does within one account (an explicit deny in either wins; an allow in either
 * grants), as S3's auth.ts and `authorizeWithResourcePolicy` do.
 */
import type { Principal } from '../types';

type OneOrMany<T> = T | T[];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | Record<string, OneOrMany<string>>;
  NotPrincipal?: '*' | Record<string, OneOrMany<string>>;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: Record<string, Record<string, OneOrMany<string | number | boolean>>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: OneOrMany<PolicyStatement>;
}

export type ConditionContext = Readonly<Record<string, string | readonly string[]>>;

export interface ResourceRequest {
  /** Undefined for anonymous (unsigned) requests, and for an AWS service acting on its own. */
  principal?: Principal;
  /** An AWS service acting on its own (`sns.amazonaws.com` delivering to a queue): matched by `Principal: { Service }`. */
  service?: string;
  action: string;
  resource: string;
  /** Every condition key of the request, principal keys included. */
  context: ConditionContext;
}

export interface ResourcePolicyDecision {
  effect: 'explicit-deny' | 'allowed' | 'implicit-deny';
  statement?: string;
  /**
   * An Allow statement applied that names the caller's account (`arn:aws:iam::<account>:root`):
   * it grants nothing itself but lets the account's identity policies decide. KMS key policies
   * need it for IAM policies to count at all.
   */
  delegates?: boolean;
}

/** A policy the local cloud cannot evaluate faithfully: refused, naming what is missing. */
export class UnsupportedPolicyError extends Error {
  constructor(readonly subject: string, message: string) {
    super(`${subject}: ${message}`);
    this.name = 'UnsupportedPolicyError';
  }
}

const list = <T>(value: OneOrMany<T> | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM wildcard match: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/** Replaces `${key}` policy variables from the context; `${*}`, `${?}`, `${$}` are the literal characters. */
function substituteVariables(text: string, context: ConditionContext): string {
  return text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name === '*' || name === '?' || name === '$') return name;
    const value = context[name];
    // An unresolvable variable makes the element match nothing: keep it as an impossible value.
    return typeof value === 'string' ? value : `\u0000${whole}`;
  });
}

const BASE_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null', 'BinaryEquals',
] as const;
type BaseOperator = (typeof BASE_OPERATORS)[number];

interface ParsedOperator {
  base: BaseOperator;
  ifExists: boolean;
  set?: 'ForAnyValue' | 'ForAllValues';
}

function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: ParsedOperator['set'];
  for (const qualifier of ['ForAnyValue:', 'ForAllValues:'] as const) {
    if (rest.startsWith(qualifier)) {
      set = qualifier.slice(0, -1) as ParsedOperator['set'];
      rest = rest.slice(qualifier.length);
    }
  }
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  return (BASE_OPERATORS as readonly string[]).includes(rest) ? { base: rest as BaseOperator, ifExists, set } : undefined;
}

const NEGATED: ReadonlySet<BaseOperator> = new Set([
  'StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'NotIpAddress', 'ArnNotEquals', 'ArnNotLike',
]);

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

function ipInCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const address = ipv4ToInt(ip);
  const network = ipv4ToInt(base);
  if (address === undefined || network === undefined) return ip === base; // IPv6: exact match only
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (bits === 0) return true;
  const mask = bits >= 32 ? 0xffffffff : (~0 << (32 - bits)) >>> 0;
  return ((address & mask) >>> 0) === ((network & mask) >>> 0);
}

const toDate = (v: string) => (/^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v));

/** One (positive form of the) operator on one request value against one policy value. */
function compare(base: BaseOperator, requestValue: string, policyValue: string): boolean {
  switch (base) {
    case 'StringEquals':
    case 'StringNotEquals':
    case 'BinaryEquals':
      return requestValue === policyValue;
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return requestValue.toLowerCase() === policyValue.toLowerCase();
    case 'StringLike':
    case 'StringNotLike':
      return wildcardMatch(policyValue, requestValue);
    case 'NumericEquals':
    case 'NumericNotEquals':
      return Number(requestValue) === Number(policyValue);
    case 'NumericLessThan':
      return Number(requestValue) < Number(policyValue);
    case 'NumericLessThanEquals':
      return Number(requestValue) <= Number(policyValue);
    case 'NumericGreaterThan':
      return Number(requestValue) > Number(policyValue);
    case 'NumericGreaterThanEquals':
      return Number(requestValue) >= Number(policyValue);
    case 'DateEquals':
    case 'DateNotEquals':
      return toDate(requestValue) === toDate(policyValue);
    case 'DateLessThan':
      return toDate(requestValue) < toDate(policyValue);
    case 'DateLessThanEquals':
      return toDate(requestValue) <= toDate(policyValue);
    case 'DateGreaterThan':
      return toDate(requestValue) > toDate(policyValue);
    case 'DateGreaterThanEquals':
      return toDate(requestValue) >= toDate(policyValue);
    case 'Bool':
      return requestValue.toLowerCase() === policyValue.toLowerCase();
    case 'IpAddress':
    case 'NotIpAddress':
      return ipInCidr(requestValue, policyValue);
    case 'ArnEquals':
    case 'ArnNotEquals':
    case 'ArnLike':
    case 'ArnNotLike':
      return wildcardMatch(policyValue, requestValue);
    case 'Null':
      return false; // handled by the caller
  }
}

function conditionHolds(operatorName: string, key: string, policyValues: string[], context: ConditionContext): boolean {
  const operator = parseOperator(operatorName)!;
  const raw = context[key];
  const present = raw !== undefined;
  if (operator.base === 'Null') {
    // `"Null": {"k": "true"}` holds when k is absent.
    return policyValues.some((v) => (v.toLowerCase() === 'true') === !present);
  }
  const values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw];
  const negated = NEGATED.has(operator.base);
  const matchesAny = (requestValue: string) => policyValues.some((p) => compare(operator.base, requestValue, p));

  if (operator.set === 'ForAllValues') {
    // Every request value must satisfy the condition; true when there are none.
    return values.every((v) => (negated ? !matchesAny(v) : matchesAny(v)));
  }
  if (!present) return operator.ifExists || negated;
  if (negated) return !values.some(matchesAny);
  return values.some(matchesAny);
}

function conditionsHold(condition: PolicyStatement['Condition'], context: ConditionContext): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) =>
      conditionHolds(operator, key, list(values).map((v) => substituteVariables(String(v), context)), context),
    ),
  );
}

/** Does a Principal element name this caller? `grants` is false for elements that only delegate (the account). */
function principalMatches(element: PolicyStatement['Principal'], principal: Principal | undefined, service: string | undefined): { matches: boolean; delegatesOnly: boolean } {
  if (element === '*') return { matches: true, delegatesOnly: false };
  let delegatesOnly = true;
  let matches = false;
  for (const [kind, values] of Object.entries(element ?? {})) {
    for (const value of list(values)) {
      if (kind === 'Service') {
        if (service !== undefined && value === service) return { matches: true, delegatesOnly: false };
        continue;
      }
      if (kind !== 'AWS') continue; // Federated / CanonicalUser principals never sign local requests.
      if (value === '*') return { matches: true, delegatesOnly: false };
      if (!principal) continue;
      const account = /^\d{12}$/.test(value) ? value : /^arn:aws:iam::(\d{12}):root$/.exec(value)?.[1];
      if (account !== undefined) {
        // Naming the account delegates to its identity policies rather than granting by itself.
        if (principal.accountId === account) matches = true;
        continue;
      }
      if (value === principal.arn || (principal.roleArn !== undefined && value === principal.roleArn)) {
        matches = true;
        delegatesOnly = false;
      }
    }
  }
  return { matches, delegatesOnly: matches && delegatesOnly };
}

function statementApplies(statement: PolicyStatement, request: ResourceRequest): { applies: boolean; grants: boolean } {
  let grants = true;
  if (statement.Principal !== undefined) {
    const { matches, delegatesOnly } = principalMatches(statement.Principal, request.principal, request.service);
    if (!matches) return { applies: false, grants: false };
    grants = !delegatesOnly;
  } else if (statement.NotPrincipal !== undefined) {
    if (principalMatches(statement.NotPrincipal, request.principal, request.service).matches) return { applies: false, grants: false };
  } else {
    return { applies: false, grants: false };
  }
  const actionMatches = (patterns: string[]) => patterns.some((p) => wildcardMatch(p, request.action, true));
  if (statement.Action !== undefined ? !actionMatches(list(statement.Action)) : actionMatches(list(statement.NotAction))) {
    return { applies: false, grants: false };
  }
  const resourceMatches = (patterns: string[]) =>
    patterns.some((p) => wildcardMatch(substituteVariables(p, request.context), request.resource));
  if (statement.Resource !== undefined ? !resourceMatches(list(statement.Resource)) : resourceMatches(list(statement.NotResource))) {
    return { applies: false, grants: false };
  }
  if (!conditionsHold(statement.Condition, request.context)) return { applies: false, grants: false };
  return { applies: true, grants };
}

/**
 * Checks at start that every condition operator in the policy is one this evaluator
 * knows, so an unknown one fails loudly instead of silently never matching.
 */
export function validatePolicy(subject: string, policy: PolicyDocument): void {
  for (const statement of list(policy.Statement)) {
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      throw new UnsupportedPolicyError(subject, `statement ${statement.Sid ?? ''} has Effect ${String(statement.Effect)}`);
    }
    for (const operator of Object.keys(statement.Condition ?? {})) {
      if (!parseOperator(operator)) throw new UnsupportedPolicyError(subject, `condition operator ${operator} is not supported by the local cloud`);
    }
  }
}

/**
 * A resource policy's decision for one request: an explicit deny wins, then an allow;
 * otherwise the policy is silent.
 * @example
 * evaluateResourcePolicy(policy, { principal, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context })
 */
export function evaluateResourcePolicy(policies: readonly PolicyDocument[], request: ResourceRequest): ResourcePolicyDecision {
  let allowedBy: string | undefined;
  let delegates = false;
  let index = 0;
  for (const policy of policies) {
    for (const statement of list(policy.Statement)) {
      const label = statement.Sid ?? `#${index++}`;
      const { applies, grants } = statementApplies(statement, request);
      if (!applies) continue;
      if (statement.Effect === 'Deny') return { effect: 'explicit-deny', statement: label };
      if (grants) allowedBy ??= label;
      else delegates = true;
    }
  }
  const delegation = delegates ? { delegates } : {};
  return allowedBy !== undefined ? { effect: 'allowed', statement: allowedBy, ...delegation } : { effect: 'implicit-deny', ...delegation };
}
