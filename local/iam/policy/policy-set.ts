import { compileCondition, type CompiledCondition } from './conditions';
import { escapeRegex, GlobPattern, PolicyCompileError, RegexCache, Template, type ContextLookup } from './patterns';

/**
 * IAM policy documents compiled once (per role, at start) into statements that evaluate
 * a request in microseconds: actions indexed by service prefix, patterns pre-built,
 * only policy variables resolved per request.
 */

/** A policy document and where it came from (for warnings and decisions). */
export interface PolicySource {
  /** `RESPONDERSGroupRole/storageAccess3F7C…` — what a message should name. */
  name: string;
  document: unknown;
}

export type Effect = 'Allow' | 'Deny';

/** Who asks, for trust policies (`Principal: { Federated: 'cognito-identity.amazonaws.com' }`). */
export interface PrincipalDescriptor {
  type: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';
  id: string;
}

export interface PolicyRequest {
  /** `s3:GetObject` (any case). */
  action: string;
  /** The resource ARN; omitted for trust policies, whose resource is the role itself. */
  resource?: string;
  principal?: PrincipalDescriptor;
  context: ContextLookup;
}

export interface PolicyDecision {
  effect: 'allow' | 'explicit-deny' | 'implicit-deny';
  /** `<policy name> statement <Sid or index>`. */
  statement?: string;
}

interface CompiledStatement {
  id: string;
  effect: Effect;
  /** Service prefixes the Action element can match; undefined for "any service". */
  services?: Set<string>;
  matchesAction(action: string, regexes: RegexCache): boolean;
  matchesResource?(resource: string, context: ContextLookup, regexes: RegexCache): boolean;
  matchesPrincipal?(principal: PrincipalDescriptor | undefined): boolean;
  conditions: CompiledCondition[];
}

const asList = (value: unknown, element: string, where: string): string[] => {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((item) => typeof item !== 'string')) {
    throw new PolicyCompileError(`${where}: ${element} must be a string or a list of strings`);
  }
  return list as string[];
};

function compileActions(patterns: string[], negated: boolean): Pick<CompiledStatement, 'services' | 'matchesAction'> {
  const exact = new Set<string>();
  const wildcards: RegExp[] = [];
  let all = false;
  let services: Set<string> | undefined = new Set();
  for (const pattern of patterns) {
    const lower = pattern.toLowerCase();
    if (lower === '*') all = true;
    else if (/[*?]/.test(lower)) wildcards.push(new RegExp(`^${lower.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : escapeRegex(c))).join('')}$`));
    else exact.add(lower);
    const prefix = lower.includes(':') ? lower.slice(0, lower.indexOf(':')) : '*';
    if (/[*?]/.test(prefix)) services = undefined;
    else services?.add(prefix);
  }
  if (all || negated) services = undefined;
  const positive = (action: string) => all || exact.has(action) || wildcards.some((regex) => regex.test(action));
  return { services, matchesAction: negated ? (action) => !positive(action) : positive };
}

function compileResources(patterns: string[], negated: boolean, variables: boolean): CompiledStatement['matchesResource'] {
  const compiled = patterns.map((pattern) => new GlobPattern(new Template(pattern, variables), 'arn'));
  const positive = (resource: string, context: ContextLookup, regexes: RegexCache) => compiled.some((glob) => glob.test(resource, context, regexes));
  return negated ? (resource, context, regexes) => !positive(resource, context, regexes) : positive;
}

function compilePrincipals(value: unknown, negated: boolean, where: string): CompiledStatement['matchesPrincipal'] {
  const everyone = value === '*';
  const byType = new Map<string, Set<string>>();
  if (!everyone) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PolicyCompileError(`${where}: Principal must be "*" or an object`);
    for (const [type, ids] of Object.entries(value)) byType.set(type, new Set(asList(ids, `Principal.${type}`, where)));
  }
  const positive = (principal: PrincipalDescriptor | undefined) => {
    if (everyone) return true;
    if (!principal) return false;
    const ids = byType.get(principal.type);
    return ids !== undefined && (ids.has('*') || ids.has(principal.id));
  };
  return negated ? (principal) => !positive(principal) : positive;
}

function compileStatement(raw: unknown, id: string, kind: 'identity' | 'trust', variables: boolean): CompiledStatement {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new PolicyCompileError(`${id}: a statement must be an object`);
  const statement = raw as Record<string, unknown>;
  const effect = statement.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') throw new PolicyCompileError(`${id}: Effect must be "Allow" or "Deny", not ${JSON.stringify(effect)}`);
  if ((statement.Action === undefined) === (statement.NotAction === undefined)) {
    throw new PolicyCompileError(`${id}: a statement needs exactly one of Action and NotAction`);
  }
  const negatedAction = statement.Action === undefined;
  const actions = compileActions(asList(negatedAction ? statement.NotAction : statement.Action, negatedAction ? 'NotAction' : 'Action', id), negatedAction);

  let matchesResource: CompiledStatement['matchesResource'];
  const hasResource = statement.Resource !== undefined || statement.NotResource !== undefined;
  if (statement.Resource !== undefined && statement.NotResource !== undefined) throw new PolicyCompileError(`${id}: Resource and NotResource cannot both be present`);
  if (kind === 'identity' && !hasResource) throw new PolicyCompileError(`${id}: an identity-based policy statement needs Resource or NotResource`);
  if (hasResource) {
    const negated = statement.Resource === undefined;
    matchesResource = compileResources(asList(negated ? statement.NotResource : statement.Resource, negated ? 'NotResource' : 'Resource', id), negated, variables);
  }

  let matchesPrincipal: CompiledStatement['matchesPrincipal'];
  if (kind === 'trust') {
    if ((statement.Principal === undefined) === (statement.NotPrincipal === undefined)) {
      throw new PolicyCompileError(`${id}: a trust policy statement needs exactly one of Principal and NotPrincipal`);
    }
    const negated = statement.Principal === undefined;
    matchesPrincipal = compilePrincipals(negated ? statement.NotPrincipal : statement.Principal, negated, id);
  } else if (statement.Principal !== undefined || statement.NotPrincipal !== undefined) {
    throw new PolicyCompileError(`${id}: an identity-based policy cannot name a Principal`);
  }

  const conditions: CompiledCondition[] = [];
  if (statement.Condition !== undefined) {
    const block = statement.Condition;
    if (block === null || typeof block !== 'object' || Array.isArray(block)) throw new PolicyCompileError(`${id}: Condition must be an object`);
    for (const [operator, keys] of Object.entries(block)) conditions.push(...compileCondition(operator, keys as Record<string, unknown>, variables));
  }
  return { id, effect, ...actions, matchesResource, matchesPrincipal, conditions };
}

/** Deny everything: what a Deny statement that cannot be compiled becomes, to stay on the safe side. */
function denyAll(id: string): CompiledStatement {
  return { id, effect: 'Deny', matchesAction: () => true, matchesResource: () => true, matchesPrincipal: () => true, conditions: [] };
}

/**
 * Compiles policy documents. A statement IAM would reject is reported through `warn`
 * and made safe: a broken Allow grants nothing, a broken Deny denies everything.
 */
export function compilePolicies(sources: readonly PolicySource[], kind: 'identity' | 'trust', warn: (message: string) => void): CompiledStatement[] {
  const out: CompiledStatement[] = [];
  for (const source of sources) {
    const document = source.document as { Version?: unknown; Statement?: unknown } | null;
    if (document === null || typeof document !== 'object') {
      warn(`${source.name}: the policy document is not an object; it grants nothing locally`);
      continue;
    }
    // Policy variables exist in version 2012-10-17 only; older documents read `${…}` literally.
    const variables = document.Version === '2012-10-17';
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    statements.forEach((raw, index) => {
      const sid = raw && typeof raw === 'object' && typeof (raw as { Sid?: unknown }).Sid === 'string' && (raw as { Sid: string }).Sid !== '' ? (raw as { Sid: string }).Sid : String(index);
      const id = `${source.name} statement ${sid}`;
      try {
        out.push(compileStatement(raw, id, kind, variables));
      } catch (error) {
        if (!(error instanceof PolicyCompileError)) throw error;
        const isDeny = (raw as { Effect?: unknown } | null)?.Effect === 'Deny';
        warn(`${error.message} — ${isDeny ? 'this Deny statement denies everything locally' : 'this statement grants nothing locally'}`);
        if (isDeny) out.push(denyAll(id));
      }
    });
  }
  return out;
}

/**
 * A compiled set of statements (one role's identity-based policies, or its trust policy).
 * @example
 * const set = new PolicySet(compilePolicies([{ name: 'p', document }], 'identity', log.warn));
 * set.evaluate({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: () => undefined }).effect; // 'allow' | …
 */
export class PolicySet {
  private readonly anyService: CompiledStatement[] = [];
  private readonly byService = new Map<string, CompiledStatement[]>();
  private readonly regexes = new RegexCache();

  constructor(readonly statements: readonly CompiledStatement[]) {
    for (const statement of statements) if (!statement.services) this.anyService.push(statement);
    for (const statement of statements) {
      for (const service of statement.services ?? []) if (!this.byService.has(service)) this.byService.set(service, []);
    }
    // Keep document order within each service's list: the first deciding statement is reported.
    for (const [service, list] of this.byService) {
      for (const statement of statements) if (!statement.services || statement.services.has(service)) list.push(statement);
    }
  }

  get size(): number {
    return this.statements.length;
  }

  evaluate(request: PolicyRequest): PolicyDecision {
    const action = request.action.toLowerCase();
    const colon = action.indexOf(':');
    const candidates = this.byService.get(colon < 0 ? action : action.slice(0, colon)) ?? this.anyService;
    let allowedBy: string | undefined;
    for (const statement of candidates) {
      if (statement.effect === 'Allow' && allowedBy !== undefined) continue;
      if (!statement.matchesAction(action, this.regexes)) continue;
      if (statement.matchesResource && (request.resource === undefined || !statement.matchesResource(request.resource, request.context, this.regexes))) continue;
      if (statement.matchesPrincipal && !statement.matchesPrincipal(request.principal)) continue;
      if (!statement.conditions.every((condition) => condition.test(request.context, this.regexes))) continue;
      if (statement.effect === 'Deny') return { effect: 'explicit-deny', statement: statement.id };
      allowedBy = statement.id;
    }
    return allowedBy !== undefined ? { effect: 'allow', statement: allowedBy } : { effect: 'implicit-deny' };
  }
}
