import type { EdgeRequest, EdgeRoute } from '../edge';
import { RequestTooLargeError } from '../edge';
import { accessDeniedMessage, authenticateRequest } from '../iam';
import type { IamService, Principal } from '../iam/types';
import type { ServiceContext } from '../service';
import { lambdaAuthError, LambdaError, PAYLOAD_LIMITS } from './errors';
import { LAMBDA_OPERATIONS, type LambdaCall, type LambdaOperation } from './operations';
import type { FunctionHost } from './types';

const API_PREFIXES = ['/2015-03-31/functions', '/2015-03-31/event-source-mappings', '/2017-03-31/tags/'];

/**
 * Lambda's REST-JSON API on the edge: `POST /2015-03-31/functions/<name>/invocations`
 * and the read operations the `invoke` script uses. Every call is SigV4-authenticated
 * and authorized through the IAM service when it runs.
 */
export function lambdaRoute(service: FunctionHost, context: ServiceContext): EdgeRoute {
  return {
    name: 'lambda',
    match: (request) =>
      API_PREFIXES.some((prefix) => request.path.startsWith(prefix)) && (request.scopeService === undefined || request.scopeService === 'lambda'),
    handle: async (request, response) => {
      const log = context.log.withRequest(request.requestId);
      const [operation, params] = findOperation(request);
      try {
        if (!operation) throw new LambdaError('UnknownOperationException', `No Lambda operation answers ${request.method} ${request.path} locally`, 404);
        let body: Buffer;
        try {
          // One byte past the largest payload tells "too large" from "exactly at the limit".
          body = await request.body(PAYLOAD_LIMITS.syncRequest + 1);
        } catch (error) {
          if (error instanceof RequestTooLargeError) throw LambdaError.requestTooLarge(PAYLOAD_LIMITS.syncRequest);
          throw error;
        }
        const principal = authenticate(context, request, body);
        const call: LambdaCall = {
          request,
          response,
          params,
          body,
          service,
          log,
          authorize: (resource) => authorize(context, principal, LAMBDA_OPERATIONS.action(operation)!, resource),
        };
        await operation.handle(call);
      } catch (error) {
        if (!(error instanceof LambdaError)) throw error;
        if (error.statusCode >= 500) log.error(`${operation?.name ?? 'lambda'}: ${error.message}`);
        error.send(response);
      }
    },
  };
}

function findOperation(request: EdgeRequest): [LambdaOperation | undefined, Record<string, string>] {
  for (const operation of LAMBDA_OPERATIONS.operations()) {
    if (operation.method !== request.method) continue;
    const match = operation.path.exec(request.path);
    if (!match) continue;
    const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)]));
    return [operation, params];
  }
  return [undefined, {}];
}

function authenticate(context: ServiceContext, request: EdgeRequest, body: Buffer): Principal | undefined {
  const iam = context.services.find<IamService>('iam');
  // Lambda's front end words authentication failures its own way (403s).
  return iam ? authenticateRequest(iam, request, body, lambdaAuthError) : undefined;
}

function authorize(context: ServiceContext, principal: Principal | undefined, action: string, resource: string): void {
  const iam = context.services.find<IamService>('iam');
  if (!iam || !principal) return;
  const decision = iam.authorize(principal, { action, resource });
  if (decision.allowed) return;
  throw new LambdaError('AccessDeniedException', accessDeniedMessage(principal, { action, resource }, decision), 403);
}
