/**
 * SQS's query protocol, for older clients (AWS SDK v2, the AWS CLI v1, boto before the JSON
 * switch): form-encoded `Action=SendMessage&QueueUrl=…&MessageAttribute.1.Name=…` in, XML out,
 * errors as `<ErrorResponse>`. The same registry and operations serve it as the JSON protocol;
 * only the reading of the request and the writing of the answer differ. SQS's lists and maps
 * are flattened on this wire (`Attribute.1.Name`, repeated `<Message>`), under the names below.
 */
import type { ServerResponse } from 'node:http';
import type { EdgeRequest, EdgeRoute } from '../edge';
import { RequestTooLargeError } from '../edge';
import { authorizer, NotImplementedFailure, SerializationFailure, UnknownOperationFailure, validateInput, ValidationFailure, type AnyOperation, type OperationCall, type Shape, type StructureShape } from '../kit';
import { signedRequestOf } from '../iam/wire';
import { SigV4Error, type IamService, type Principal } from '../iam/types';
import type { ServiceContext } from '../service';
import type { SqsCall } from './context';
import { escapeXml, SqsError, SqsErrors } from './errors';
import type { SQS_OPERATIONS } from './operations';

/** Flattened names of list and map members, on both the request and the answer. */
const FLAT: Record<string, string> = {
  Attributes: 'Attribute', tags: 'Tag', Tags: 'Tag', MessageAttributes: 'MessageAttribute', MessageSystemAttributes: 'MessageSystemAttribute',
  AttributeNames: 'AttributeName', MessageSystemAttributeNames: 'MessageSystemAttributeName', MessageAttributeNames: 'MessageAttributeName',
  TagKeys: 'TagKey', StringListValues: 'StringListValue', BinaryListValues: 'BinaryListValue', QueueUrls: 'QueueUrl', queueUrls: 'QueueUrl',
  Messages: 'Message', Failed: 'BatchResultErrorEntry', Results: 'ListMessageMoveTasksResultEntry',
};
/** A flattened map's key element: `Tag.1.Key`, `Attribute.1.Name`. */
const mapKey = (flat: string) => (flat === 'Tag' ? 'Key' : 'Name');
const entriesName = (operation: string, side: 'Request' | 'Result') => `${operation}${side}Entry`;

type Params = URLSearchParams;

function readMember(params: Params, key: string, shape: Shape, operation: string, member: string): unknown {
  switch (shape.type) {
    case 'list': {
      const flat = member === 'Entries' ? entriesName(operation, 'Request') : FLAT[member] ?? member;
      const base = key.slice(0, key.length - member.length) + flat;
      const items: unknown[] = [];
      for (let i = 1; ; i++) {
        const item = readMember(params, `${base}.${i}`, shape.member, operation, '');
        if (item === undefined) break;
        items.push(item);
      }
      return items.length > 0 ? items : undefined;
    }
    case 'map': {
      const flat = FLAT[member] ?? member;
      const base = key.slice(0, key.length - member.length) + flat;
      const out: Record<string, unknown> = {};
      for (let i = 1; ; i++) {
        const name = params.get(`${base}.${i}.${mapKey(flat)}`);
        if (name === null) break;
        out[name] = readMember(params, `${base}.${i}.Value`, shape.value, operation, '');
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, inner] of Object.entries(shape.members as Record<string, Shape>)) {
        const value = readMember(params, key ? `${key}.${name}` : name, inner, operation, name);
        if (value !== undefined) out[name] = value;
      }
      return key === '' || Object.keys(out).length > 0 ? out : undefined;
    }
    case 'integer':
    case 'long':
    case 'double': {
      const text = params.get(key);
      if (text === null) return undefined;
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    }
    default:
      return params.get(key) ?? undefined;
  }
}

/** Writes a value as the query protocol's XML, flattening lists and maps as SQS does. */
function writeXml(name: string, value: unknown, operation: string): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    const flat = name === 'Successful' ? entriesName(operation, 'Result') : FLAT[name] ?? name;
    return value.map((item) => writeXml(flat, item, operation)).join('');
  }
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (name in FLAT && name !== 'Messages') {
      const flat = FLAT[name];
      return entries.map(([key, item]) => `<${flat}><${mapKey(flat)}>${escapeXml(key)}</${mapKey(flat)}>${writeXml('Value', item, operation)}</${flat}>`).join('');
    }
    return `<${name}>${entries.map(([key, item]) => writeXml(key, item, operation)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** An answer of the query protocol: `<XResponse><XResult>…</XResult><ResponseMetadata>…`. */
export function queryResponse(operation: string, result: unknown, requestId: string): string {
  const members = Object.entries((result ?? {}) as Record<string, unknown>).map(([name, value]) => writeXml(name, value, operation)).join('');
  return (
    `<?xml version="1.0"?><${operation}Response xmlns="http://queue.amazonaws.com/doc/2012-11-05/">` +
    (members ? `<${operation}Result>${members}</${operation}Result>` : '') +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`
  );
}

/** What the kit refused, and IAM's authentication failures, as SQS's query errors. */
function toQueryError(error: unknown): unknown {
  if (error instanceof ValidationFailure) return SqsErrors.fromValidation(error.message, error);
  if (error instanceof SerializationFailure) return new SqsError('MalformedQueryString', 'MalformedQueryString', error.message);
  if (error instanceof NotImplementedFailure || error instanceof UnknownOperationFailure) return new SqsError('InvalidAction', 'InvalidAction', `The action ${error.operation} is not valid for this endpoint. (${error.message})`);
  if (error instanceof SigV4Error) return new SqsError(error.code, error.code, error.message, 403);
  return error;
}

export interface QueryRouteOptions {
  registry: typeof SQS_OPERATIONS;
  context: Pick<ServiceContext, 'services' | 'log'>;
  bind(call: OperationCall): SqsCall;
  resourcePolicies: (resource: string) => readonly import('../iam/policy/resource-policy').PolicyDocument[];
  /** The largest body read (bigger ones are refused before they are buffered). */
  bodyLimit: number;
}

/**
 * The query protocol's route on the edge: requests signed for `sqs` without `X-Amz-Target`.
 * @example
 * context.edge.addRoute(sqsQueryRoute({ registry: SQS_OPERATIONS, context, bind, resourcePolicies, bodyLimit }));
 */
export function sqsQueryRoute(options: QueryRouteOptions): EdgeRoute {
  return {
    name: 'sqs (query)',
    match: (request) => request.target === undefined && request.scopeService === 'sqs',
    handle: (request, response) => handleQuery(request, response, options),
  };
}

async function handleQuery(request: EdgeRequest, response: ServerResponse, options: QueryRouteOptions): Promise<void> {
  const send = (status: number, xml: string) => response.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml) }).end(xml);
  let operationName = '';
  try {
    let body: Buffer;
    try {
      body = await request.body(options.bodyLimit);
    } catch (error) {
      if (error instanceof RequestTooLargeError) throw new SqsError('RequestEntityTooLarge', 'RequestEntityTooLarge', `Request body exceeds the limit of ${options.bodyLimit} bytes`, 413);
      throw error;
    }
    const params = new URLSearchParams(request.method === 'GET' ? request.url.search : body.toString('utf8'));
    operationName = params.get('Action') ?? '';
    if (!operationName) throw SqsErrors.missingParameter('Action');
    const operation: AnyOperation<SqsCall> = options.registry.resolve(operationName);
    const iam = options.context.services.find<IamService>('iam');
    let principal: Principal | undefined;
    if (iam) principal = iam.authenticate(signedRequestOf(request, body));
    // Older clients may post to the queue's URL instead of naming it.
    if (!params.has('QueueUrl') && /^\/\d{12}\/[\w.-]+$/.test(request.path)) params.set('QueueUrl', `${request.url.origin}${request.path}`);
    const input = validateInput(readMember(params, '', operation.input as unknown as Shape, operationName, ''), operation.input as StructureShape<unknown>);
    const call: OperationCall = {
      operation: operationName,
      requestId: request.requestId,
      log: options.context.log.withRequest(request.requestId),
      principal,
      authorize: authorizer({ services: options.context.services, principal, action: options.registry.action(operation), accessDenied: SqsErrors.accessDenied, resourcePolicies: options.resourcePolicies }),
    };
    const result = await operation.handle(input as never, options.bind(call));
    send(200, queryResponse(operationName, result, request.requestId));
  } catch (raw) {
    const error = toQueryError(raw);
    if (!(error instanceof SqsError)) throw error;
    send(error.statusCode, error.toXml(request.requestId));
  }
}
