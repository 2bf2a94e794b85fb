/**
 * How API Gateway calls a Lambda function (an integration or an authorizer): through the local
 * Lambda service, only when the function's resource policy (or the integration's role) lets
 * API Gateway invoke it, within the integration's timeout, passing the caller's X-Ray trace
 * header on. Every way it can fail is an outcome the caller turns into its own gateway response.
 */
import type { IamService, Principal } from '../../iam/types';
import { LambdaError } from '../../lambda/errors';
import type { LambdaService } from '../../lambda/types';
import type { ServiceRegistry } from '../../service';
import type { LambdaPermissions } from './lambda-permissions';

export interface FunctionCall {
  functionArn: string;
  event: unknown;
  /** The execute-api ARNs API Gateway presents as the source (the resource policy must match one). */
  sourceArns: readonly string[];
  /** A role to invoke with instead of the function's resource policy. */
  credentialsArn?: string;
  timeoutMs: number;
  traceId?: string;
  /** For the function's log: `apigateway GET /items`. */
  source: string;
}

export type FunctionOutcome =
  | { ok: true; payload: unknown }
  /** `denied`: no permission; `failed`: the function threw, crashed or timed out on its own; `timeout`: API Gateway stopped waiting; `throttled`: Lambda refused it (concurrency); `too-large`: the event exceeds Lambda's payload limit; `unavailable`: no Lambda service or the function cannot run. */
  | { ok: false; failure: 'denied' | 'failed' | 'timeout' | 'throttled' | 'too-large' | 'unavailable'; detail: string; error?: { errorType: string; errorMessage: string } };

export interface FunctionCaller {
  call(request: FunctionCall): Promise<FunctionOutcome>;
}

/**
 * Calls functions for one local API Gateway.
 * @example
 * const outcome = await caller.call({ functionArn, event, sourceArns: [methodArn], timeoutMs: 29_000, source: 'apigateway GET /items' });
 */
export class LambdaFunctionCaller implements FunctionCaller {
  /** Principals of integration roles, by role ARN (credentials are issued once per role). */
  private readonly rolePrincipals = new Map<string, Principal>();

  constructor(
    private readonly services: ServiceRegistry,
    private readonly permissions: LambdaPermissions,
  ) {}

  async call(request: FunctionCall): Promise<FunctionOutcome> {
    const lambda = this.services.find<LambdaService>('lambda');
    if (!lambda) return { ok: false, failure: 'unavailable', detail: 'the local Lambda service is not running in this local cloud' };
    const denied = this.permissionProblem(request);
    if (denied) return { ok: false, failure: 'denied', detail: denied };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), request.timeoutMs)));
    try {
      const result = await Promise.race([lambda.invoke(request.functionArn, request.event, { source: request.source, traceId: request.traceId }), timeout]);
      if (result === 'timeout') return { ok: false, failure: 'timeout', detail: `the function did not answer within the integration timeout (${request.timeoutMs} ms)` };
      if (result.functionError) {
        const error = { errorType: result.error?.errorType ?? 'Error', errorMessage: result.error?.errorMessage ?? 'the function failed' };
        return { ok: false, failure: 'failed', detail: `${error.errorType}: ${error.errorMessage}`, error };
      }
      return { ok: true, payload: result.payload };
    } catch (error) {
      if (!(error instanceof LambdaError)) throw error;
      if (error.type === 'TooManyRequestsException') return { ok: false, failure: 'throttled', detail: error.message };
      if (error.type === 'RequestTooLargeException') return { ok: false, failure: 'too-large', detail: error.message };
      return { ok: false, failure: 'unavailable', detail: `${error.type}: ${error.message}` };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Why API Gateway may not invoke the function, or undefined when it may. */
  private permissionProblem(request: FunctionCall): string | undefined {
    if (request.credentialsArn) {
      const iam = this.services.find<IamService>('iam');
      if (!iam) return undefined;
      const principal = this.rolePrincipal(iam, request.credentialsArn);
      const decision = iam.authorize(principal, { action: 'lambda:InvokeFunction', resource: request.functionArn });
      return decision.allowed ? undefined : `the integration's role ${request.credentialsArn} may not lambda:InvokeFunction ${request.functionArn}`;
    }
    if (this.permissions.allows(request.functionArn, request.sourceArns)) return undefined;
    return `no AWS::Lambda::Permission lets apigateway.amazonaws.com invoke ${request.functionArn} for ${request.sourceArns[0]} (add one, or give the integration a role)`;
  }

  private rolePrincipal(iam: IamService, roleArn: string): Principal {
    let principal = this.rolePrincipals.get(roleArn);
    if (!principal) {
      principal = iam.principalOf(iam.issueRoleCredentials(roleArn, { sessionName: 'apigateway' }));
      this.rolePrincipals.set(roleArn, principal);
    }
    return principal;
  }
}
