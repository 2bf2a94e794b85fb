/**
 * A registry of typed operations served on the AWS JSON protocol (`X-Amz-Target`): each
 * request is authenticated (unless its operation is unsigned), resolved, validated against
 * its description, authorized by the operation through `call.authorize`, and answered; what
 * the kit refuses is answered with the service's own error types.
 */
import { JsonProtocolService, JsonServiceError, type ErrorTypePrefix, type JsonOperation } from '../edge/json-protocol';
import { authenticateRequest } from '../iam/wire';
import type { IamService, Principal } from '../iam/types';
import type { ServiceContext } from '../service';
import { authorizer, type AuthorizerOptions } from './authorize';
import { NotImplementedFailure, SerializationFailure, UnknownOperationFailure, ValidationFailure } from './failures';
import type { AnyOperation, OperationCall } from './operation';
import type { OperationRegistry } from './registry';
import type { StructureShape } from './shapes';
import { validateInput } from './validate';

/** The service's wire form for what the kit refuses. */
export interface JsonKitErrors {
  /** Default `ValidationException`; Cognito answers `InvalidParameterException`. `failure` says which members broke which constraints. */
  validation(message: string, failure: ValidationFailure): JsonServiceError;
  /** Default `AccessDeniedException`. */
  accessDenied(message: string): JsonServiceError;
  /** Default `UnknownOperationException` naming the operation and what it belongs to. */
  notImplemented(failure: NotImplementedFailure): JsonServiceError;
}

const DEFAULT_ERRORS: JsonKitErrors = {
  validation: (message) => new JsonServiceError('ValidationException', message),
  accessDenied: (message) => new JsonServiceError('AccessDeniedException', message),
  notImplemented: (failure) => new JsonServiceError('UnknownOperationException', failure.message),
};

export interface JsonServiceOptions<C extends OperationCall> {
  /** Route name (logs, start-up table). */
  name: string;
  /** `X-Amz-Target` prefixes: `AmazonSSM`. */
  targetPrefixes: readonly string[];
  contentType: 'application/x-amz-json-1.0' | 'application/x-amz-json-1.1';
  errorTypePrefix?: ErrorTypePrefix;
  bodyLimit?: number;
  registry: OperationRegistry<AnyOperation<C>>;
  context: Pick<ServiceContext, 'edge' | 'services' | 'log'>;
  /** What the service's operations are handed: the common call plus the service's own state. */
  bind(call: OperationCall): C;
  errors?: Partial<JsonKitErrors>;
  /** Resource-based policies on a resource, for services that have them (see AuthorizerOptions). */
  resourcePolicies?: AuthorizerOptions['resourcePolicies'];
}

/** What the kit refused, as the service answers it; anything else passes unchanged. */
function toJsonError(error: unknown, errors: JsonKitErrors): unknown {
  if (error instanceof ValidationFailure) return errors.validation(error.message, error);
  if (error instanceof SerializationFailure) return new JsonServiceError('SerializationException', error.message);
  if (error instanceof NotImplementedFailure) return errors.notImplemented(error);
  if (error instanceof UnknownOperationFailure) return new JsonServiceError('UnknownOperationException', error.message);
  return error;
}

/**
 * Serves a registry on the edge.
 * @example
 * serveJsonService({ name: 'ssm', targetPrefixes: ['AmazonSSM'], contentType: 'application/x-amz-json-1.1',
 *   registry: SSM_OPERATIONS, context, bind: (call) => ({ ...call, parameters }) });
 */
export function serveJsonService<C extends OperationCall>(options: JsonServiceOptions<C>): JsonProtocolService {
  const errors = { ...DEFAULT_ERRORS, ...options.errors };
  const { registry, context } = options;
  const run = (name: string): JsonOperation => async (body, json) => {
    try {
      const operation = registry.resolve(name);
      const input = validateInput(body, operation.input as StructureShape<unknown>);
      const principal = json.principal as Principal | undefined;
      const call: OperationCall = {
        operation: name,
        requestId: json.requestId,
        log: json.log,
        traceHeader: json.request.header('x-amzn-trace-id'),
        principal,
        authorize: authorizer({ services: context.services, principal, action: registry.action(operation), accessDenied: errors.accessDenied, resourcePolicies: options.resourcePolicies }),
      };
      return await operation.handle(input as never, options.bind(call));
    } catch (error) {
      throw toJsonError(error, errors);
    }
  };
  const protocol = new JsonProtocolService({
    name: options.name,
    targetPrefixes: options.targetPrefixes,
    contentType: options.contentType,
    errorTypePrefix: options.errorTypePrefix,
    bodyLimit: options.bodyLimit,
    log: context.log,
    operations: Object.fromEntries(registry.names().map((name) => [name, run(name)])),
    authenticate: (request, body, operation) => {
      if (!registry.signed(operation)) return undefined;
      const iam = context.services.find<IamService>('iam');
      return iam ? authenticateRequest(iam, request, body) : undefined;
    },
  });
  context.edge.addRoute(protocol.route());
  return protocol;
}
