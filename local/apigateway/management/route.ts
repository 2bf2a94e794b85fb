/**
 * The API Gateway management APIs on the edge (REST-JSON, SigV4 service `apigateway`):
 * `/restapis…`, `/apikeys`, `/usageplans…` (v1) and `/v2/…` (v2). A request is named by the
 * operation the SDK's own schema says it is, authenticated and authorized as `apigateway:GET` on
 * its ARN (`arn:aws:apigateway:<region>::<path>`), and answered.
 */
import type { EdgeRoute } from '../../edge';
import { authenticateRequest, accessDeniedMessage } from '../../iam';
import type { IamService } from '../../iam/types';
import { SigV4Error } from '../../iam/types';
import { LOCAL_ACCOUNT } from '../../assembly/template';
import type { ServiceContext } from '../../service';
import { ManagementError } from '../errors';
import { ManagementCatalogue } from './catalogue';
import type { ApiGatewayModels } from './context';
import { HTTP_API_OPERATIONS, NOT_IMPLEMENTED_REASON, REST_API_OPERATIONS } from './operations';

const PATHS = /^\/(restapis|apikeys|usageplans|domainnames|account|clientcertificates|vpclinks|sdktypes|tags|v2\/)/;

/** JSON with dates as the API writes them: v1 epoch seconds, v2 ISO 8601. */
function serialize(body: unknown, api: 'v1' | 'v2'): string {
  return JSON.stringify(body, function (this: Record<string, unknown>, key, value) {
    const original = this[key];
    if (original instanceof Date) return api === 'v1' ? original.getTime() / 1000 : original.toISOString();
    return value;
  });
}

function authError(error: SigV4Error): ManagementError {
  if (error.code === 'MissingAuthenticationToken') return new ManagementError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  if (error.code === 'ExpiredToken') return new ManagementError('ExpiredTokenException', 'The security token included in the request is expired', 403);
  if (error.code === 'InvalidClientTokenId' || error.code === 'InvalidToken') return new ManagementError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403);
  return new ManagementError('InvalidSignatureException', error.message, 403);
}

/**
 * @example
 * context.edge.addRoute(managementRoute(models, context));
 */
export function managementRoute(models: ApiGatewayModels, context: Pick<ServiceContext, 'services' | 'log'>): EdgeRoute {
  const catalogue = new ManagementCatalogue();
  return {
    name: 'apigateway (management)',
    match: (request) => request.scopeService === 'apigateway' && !request.target && PATHS.test(request.path),
    handle: async (request, response) => {
      try {
        const found = catalogue.find(request.method, request.path);
        if (!found) throw ManagementError.unknownOperation(request.method, request.path);
        const registry = found.entry.api === 'v1' ? REST_API_OPERATIONS : HTTP_API_OPERATIONS;
        const operation = registry.find(found.entry.name);
        if (!operation) throw new ManagementError('UnknownOperationException', `The local ${registry.service} does not implement ${found.entry.name} (${NOT_IMPLEMENTED_REASON})`, 501);
        const body = await request.body();
        const iam = context.services.find<IamService>('iam');
        if (iam) {
          let principal;
          try {
            principal = authenticateRequest(iam, request, body, (error) => authError(error));
          } catch (error) {
            if (error instanceof SigV4Error) throw authError(error);
            throw error;
          }
          const resource = `arn:aws:apigateway:${LOCAL_ACCOUNT.region}::${request.path}`;
          const decision = iam.authorize(principal, { action: operation.action, resource });
          if (!decision.allowed) throw ManagementError.accessDenied(accessDeniedMessage(principal, { action: operation.action, resource }, decision));
        }
        const text = serialize(operation.handle({ params: found.params, query: request.url.searchParams, models }), operation.api);
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
      } catch (error) {
        if (!(error instanceof ManagementError)) throw error;
        context.log.withRequest(request.requestId).debug(`${request.method} ${request.path} → ${error.statusCode} ${error.type}`);
        error.send(response);
      }
    },
  };
}
