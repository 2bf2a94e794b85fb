/**
 * `AWS_IAM` authorization of an invocation, for both API generations: the SigV4 signature
 * (checked against the AWS host the client signed for), then the caller's identity policies for
 * `execute-api:Invoke` on the method's (route's) ARN.
 */
import type { IamService, Principal, AuthorizationDecision } from '../../iam/types';
import { SigV4Error } from '../../iam/types';
import type { Invocation } from './request';

/**
 * The principal of a signed invocation. Throws the SigV4Error of the request as received when
 * no form of it verifies.
 */
export function authenticateInvocation(iam: IamService, invocation: Invocation, body: Buffer): Principal {
  let first: SigV4Error | undefined;
  for (const form of invocation.signedForms(body)) {
    try {
      return iam.authenticate(form);
    } catch (error) {
      if (!(error instanceof SigV4Error)) throw error;
      first ??= error;
      // Only a signature mismatch can be the other host form's: anything else is final.
      if (error.code !== 'SignatureDoesNotMatch') break;
    }
  }
  throw first!;
}

/** The condition keys an invocation carries into policy evaluation. */
function invocationContext(invocation: Invocation, principal: Principal): Record<string, string | readonly string[]> {
  return {
    ...principal.policyVariables,
    ...(principal.context ?? {}),
    'aws:SourceIp': invocation.sourceIp,
    'aws:SecureTransport': 'true',
    'aws:CurrentTime': new Date(invocation.startedAt).toISOString(),
    'aws:EpochTime': String(Math.floor(invocation.startedAt / 1000)),
    'aws:PrincipalArn': principal.roleArn ?? principal.arn,
    'aws:userid': principal.userId,
  };
}

/** The caller's policies for `execute-api:Invoke` on `methodArn`. */
export function authorizeInvoke(iam: IamService, invocation: Invocation, principal: Principal, methodArn: string): AuthorizationDecision {
  return iam.authorize(principal, { action: 'execute-api:Invoke', resource: methodArn, context: invocationContext(invocation, principal) });
}

/** An ARN as API Gateway's denials print it: the account masked but for its last four digits. */
export function maskedArn(arn: string): string {
  return arn.replace(/^(arn:[^:]+:[^:]+:[^:]*:)(\d{8})(\d{4}):/, (_all, head: string, hidden: string, shown: string) => `${head}${'*'.repeat(hidden.length)}${shown}:`);
}
