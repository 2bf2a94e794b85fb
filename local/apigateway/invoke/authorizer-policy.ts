/**
 * The IAM-policy answer of a Lambda authorizer (REST TOKEN/REQUEST authorizers, HTTP API
 * authorizers without simple responses): `{ principalId, policyDocument, context,
 * usageIdentifierKey }`, and the decision its policy makes for `execute-api:Invoke` on the
 * method's ARN, evaluated with the local IAM's policy engine.
 */
import { compilePolicies, PolicySet } from '../../iam/policy/policy-set';

export interface PolicyAnswer {
  principalId: string;
  policyDocument: unknown;
  context: Record<string, unknown>;
  usageIdentifierKey?: string;
}

/** The answer, or undefined when it is not one API Gateway accepts (no principalId or policy document). */
export function readPolicyAnswer(payload: unknown): PolicyAnswer | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const answer = payload as Record<string, unknown>;
  if (answer.principalId === undefined || answer.principalId === null) return undefined;
  const document = answer.policyDocument as { Statement?: unknown } | undefined;
  if (typeof document !== 'object' || document === null || document.Statement === undefined) return undefined;
  const context = answer.context;
  if (context !== undefined && context !== null && (typeof context !== 'object' || Array.isArray(context))) return undefined;
  return {
    principalId: String(answer.principalId),
    policyDocument: document,
    context: (context as Record<string, unknown> | null) ?? {},
    usageIdentifierKey: typeof answer.usageIdentifierKey === 'string' ? answer.usageIdentifierKey : undefined,
  };
}

/**
 * What the policy decides for invoking `methodArn`: `explicit-deny` wins, then an allow;
 * nothing that matches is an implicit deny.
 * @example
 * policyDecision(answer.policyDocument, 'arn:aws:execute-api:us-east-1:000000000000:abc/dev/GET/items', log.warn); // 'allow'
 */
export function policyDecision(document: unknown, methodArn: string, warn: (message: string) => void): 'allow' | 'explicit-deny' | 'implicit-deny' {
  const set = new PolicySet(compilePolicies([{ name: 'the authorizer policy', document }], 'identity', warn));
  return set.evaluate({ action: 'execute-api:Invoke', resource: methodArn, context: () => undefined }).effect;
}
