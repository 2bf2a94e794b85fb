/**
 * Subscription filter policies: the same pattern language as EventBridge (local/patterns),
 * applied to the message attributes (`FilterPolicyScope: MessageAttributes`, the default) or to
 * the message body when it is JSON (`MessageBody`).
 */
import type { MessageAttribute } from '../delivery';
import { compilePattern, matchesPattern, PatternSyntaxError, type ObjectPattern } from '../patterns';
import { SnsErrors } from './errors';

/** The attributes as a document the policy is matched against: String as text, Number as a number, String.Array as its items. */
function attributeDocument(attributes: Readonly<Record<string, MessageAttribute>>): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    const type = attribute.DataType.split('.')[0];
    if (type === 'Binary' || attribute.StringValue === undefined) continue; // binary attributes are never matched
    if (type === 'Number') document[name] = Number(attribute.StringValue);
    else if (attribute.DataType.startsWith('String.Array')) {
      try {
        document[name] = JSON.parse(attribute.StringValue) as unknown;
      } catch {
        document[name] = attribute.StringValue;
      }
    } else document[name] = attribute.StringValue;
  }
  return document;
}

/** Compiles a policy as SetSubscriptionAttributes and Subscribe check it. */
export function checkFilterPolicy(policy: string): ObjectPattern {
  try {
    return compilePattern(policy);
  } catch (error) {
    if (error instanceof PatternSyntaxError) throw SnsErrors.invalidParameter(`FilterPolicy: ${error.message}`);
    throw error;
  }
}

export class FilterPolicies {
  /** Compiled policies by their text. */
  private readonly compiled = new Map<string, ObjectPattern>();

  /** Whether a message passes the subscription's policy (no policy: every message). */
  passes(attributes: Record<string, string>, message: string, messageAttributes: Readonly<Record<string, MessageAttribute>>): boolean {
    const policy = attributes.FilterPolicy;
    if (policy === undefined || policy === '') return true;
    let pattern = this.compiled.get(policy);
    if (!pattern) {
      if (this.compiled.size > 10_000) this.compiled.clear();
      pattern = compilePattern(policy);
      this.compiled.set(policy, pattern);
    }
    if (attributes.FilterPolicyScope === 'MessageBody') {
      let body: unknown;
      try {
        body = JSON.parse(message);
      } catch {
        return false; // a body policy never matches a message that is not JSON
      }
      return body !== null && typeof body === 'object' && matchesPattern(pattern, body);
    }
    return matchesPattern(pattern, attributeDocument(messageAttributes));
  }
}
