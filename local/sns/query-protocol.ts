/**
 * SNS on the edge, in its query protocol (form-encoded `Action=Publish&TopicArn=…`, XML
 * answers), for requests whose SigV4 credential scope names `sns`, and unsigned GETs of
 * `ConfirmSubscription` and `Unsubscribe` (the links SNS mails out).
 */
import type { ServerResponse } from 'node:http';
import type { EdgeRequest, EdgeRoute } from '../edge';
import { RequestTooLargeError } from '../edge';
import { escapeXml, StsError } from '../iam/errors';
import type { IamService, Principal } from '../iam/types';
import { SigV4Error } from '../iam/types';
import { signedRequestOf } from '../iam/wire';
import { authorizer, NotImplementedFailure, SerializationFailure, UnknownOperationFailure, validateQueryInput, ValidationFailure, type AnyOperation, type OperationCall, type StructureShape } from '../kit';
import type { OperationRegistry } from '../kit';
import type { Logger } from '../reporter';
import type { ServiceRegistry } from '../service';
import { NAMESPACE, SnsError, SnsErrors } from './errors';
import type { SnsCall } from './context';

/** Members whose values are maps (`<entry><key>…</key><value>…</value></entry>`). */
const MAP_MEMBERS = new Set(['Attributes']);

function toXml(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (Array.isArray(value)) return `<${name}>${value.map((item) => toXml('member', item)).join('')}</${name}>`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (MAP_MEMBERS.has(name)) return `<${name}>${entries.map(([key, item]) => `<entry><key>${escapeXml(key)}</key><value>${escapeXml(String(item))}</value></entry>`).join('')}</${name}>`;
    return `<${name}>${entries.map(([key, item]) => toXml(key, item)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The kit's refusals as SNS answers them. */
function toSnsError(error: unknown, registry: OperationRegistry<AnyOperation<SnsCall>>): unknown {
  if (error instanceof ValidationFailure) return SnsErrors.validation(error.message);
  if (error instanceof SerializationFailure) return SnsErrors.validation(error.message);
  if (error instanceof NotImplementedFailure) return SnsErrors.notImplemented(error.message);
  if (error instanceof UnknownOperationFailure) return new SnsError('InvalidAction', `The action ${error.message} is not valid for this endpoint (${registry.service}).`);
  if (error instanceof SigV4Error) {
    // SNS answers authentication failures as STS does (same query protocol, same codes).
    const sts = StsError.fromSigV4(error);
    return new SnsError(sts.code, sts.message, sts.statusCode);
  }
  return error;
}

const UNSIGNED_LINKS = new Set(['ConfirmSubscription', 'Unsubscribe']);

export function snsRoute(options: {
  registry: OperationRegistry<AnyOperation<SnsCall>>;
  services: ServiceRegistry;
  log: Logger;
  bind(call: OperationCall): SnsCall;
}): EdgeRoute {
  const { registry } = options;
  const send = (response: ServerResponse, status: number, xml: string) => {
    response.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml) }).end(xml);
  };
  return {
    name: 'sns',
    match: (request) => request.scopeService === 'sns' || (request.method === 'GET' && request.scopeService === undefined && UNSIGNED_LINKS.has(request.url.searchParams.get('Action') ?? '') && request.url.searchParams.has(request.url.searchParams.get('Action') === 'Unsubscribe' ? 'SubscriptionArn' : 'Token')),
    handle: async (request: EdgeRequest, response: ServerResponse) => {
      try {
        let body: Buffer;
        try {
          body = await request.body(512 * 1024);
        } catch (error) {
          if (error instanceof RequestTooLargeError) throw new SnsError('RequestEntityTooLarge', error.message, 413);
          throw error;
        }
        const params = new URLSearchParams(request.method === 'POST' ? body.toString('utf8') : request.url.search);
        const action = params.get('Action') ?? '';
        let answer: unknown;
        try {
          const operation = registry.resolve(action);
          const iam = options.services.find<IamService>('iam');
          const signed = request.scopeService === 'sns';
          const principal: Principal | undefined = signed && iam && registry.action(operation) !== undefined ? iam.authenticate(signedRequestOf(request, body)) : undefined;
          const input = validateQueryInput(params, operation.input as StructureShape<unknown>);
          const call: OperationCall = {
            operation: action,
            requestId: request.requestId,
            log: options.log.withRequest(request.requestId),
            traceHeader: request.header('x-amzn-trace-id'),
            principal,
            authorize: authorizer({ services: options.services, principal, action: registry.action(operation), accessDenied: (message) => SnsErrors.authorization(message) }),
          };
          answer = await operation.handle(input as never, options.bind(call));
        } catch (error) {
          throw toSnsError(error, registry);
        }
        const result = toXml(`${action}Result`, answer);
        send(response, 200, `<${action}Response xmlns="${NAMESPACE}">${result}<ResponseMetadata><RequestId>${request.requestId}</RequestId></ResponseMetadata></${action}Response>`);
      } catch (error) {
        if (!(error instanceof SnsError)) throw error;
        options.log.withRequest(request.requestId).debug(`sns: ${error.code}: ${error.message}`);
        send(response, error.statusCode, error.toXml(request.requestId));
      }
    },
  };
}
