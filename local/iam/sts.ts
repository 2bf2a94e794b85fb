import type { ServerResponse } from 'node:http';
import type { EdgeRequest, EdgeRoute } from '../edge';
import { RequestTooLargeError } from '../edge';
import type { Logger } from '../reporter';
import { escapeXml, StsError } from './errors';
import { SigV4Error, type Principal, type SignedRequest } from './types';
import { signedRequestOf } from './wire';

/** An answer's elements: text, or nested elements (`Credentials`, `AssumedRoleUser`). */
export interface StsFields {
  [name: string]: string | StsFields | undefined;
}

/**
 * One STS action in the query protocol (form-encoded `Action=…&Version=2011-06-15`, XML
 * answers). `unsigned` actions (AssumeRoleWithWebIdentity) take no AWS credentials: the
 * token in the request is who the caller is; all others need a SigV4 signature.
 */
export interface StsOperation {
  unsigned?: boolean;
  run(params: URLSearchParams, principal: Principal | undefined): StsFields | Promise<StsFields>;
}

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

function fieldsXml(fields: StsFields): string {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<${name}>${typeof value === 'string' ? escapeXml(value) : fieldsXml(value!)}</${name}>`)
    .join('');
}

/**
 * A query-protocol request without any signature, aimed at the service root: what STS's
 * unsigned actions look like (the SDK sends AssumeRoleWithWebIdentity this way). Such
 * requests are STS's, so that they get STS's answers, errors included, as XML; an unsigned
 * GET only when it names one of STS's unsigned actions.
 */
function unsignedQueryRequest(request: EdgeRequest, operations: Readonly<Record<string, StsOperation>>): boolean {
  if (request.header('authorization') || request.url.searchParams.has('X-Amz-Signature') || request.url.pathname !== '/') return false;
  // A GET names its action in the URL: only STS's unsigned ones are STS's (SNS's unsubscribe
  // and confirmation links are unsigned GETs to `/` too).
  if (request.method === 'GET') {
    const action = request.url.searchParams.get('Action') ?? '';
    return Object.hasOwn(operations, action) && operations[action].unsigned === true;
  }
  return request.method === 'POST' && (request.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
}

/**
 * STS on the edge: requests whose SigV4 credential scope names `sts`, and unsigned
 * query-protocol requests to `/`.
 */
export function stsRoute(options: {
  operations: Readonly<Record<string, StsOperation>>;
  authenticate: (request: SignedRequest) => Principal;
  log: Logger;
}): EdgeRoute {
  const send = (response: ServerResponse, status: number, xml: string) => {
    response.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml) }).end(xml);
  };
  return {
    name: 'sts',
    match: (request) => request.scopeService === 'sts' || unsignedQueryRequest(request, options.operations),
    handle: async (request: EdgeRequest, response: ServerResponse) => {
      try {
        let body: Buffer;
        try {
          body = await request.body(64 * 1024);
        } catch (error) {
          if (error instanceof RequestTooLargeError) throw new StsError('RequestEntityTooLarge', error.message, 413);
          throw error;
        }
        const params = new URLSearchParams(request.method === 'POST' ? body.toString('utf8') : request.url.search);
        const action = params.get('Action') ?? '';
        const operation = Object.hasOwn(options.operations, action) ? options.operations[action] : undefined;
        const signed = request.scopeService === 'sts';
        if (!signed && !operation?.unsigned) throw new StsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
        let principal: Principal | undefined;
        if (signed) {
          try {
            principal = options.authenticate(signedRequestOf(request, body));
          } catch (error) {
            if (error instanceof SigV4Error) throw StsError.fromSigV4(error);
            throw error;
          }
        }
        if (!operation) throw new StsError('InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? '2011-06-15'} (the local STS answers ${Object.keys(options.operations).join(', ')})`, 400);
        const result = await operation.run(params, principal);
        send(
          response,
          200,
          `<${action}Response xmlns="${NAMESPACE}"><${action}Result>${fieldsXml(result)}</${action}Result>` +
            `<ResponseMetadata><RequestId>${request.requestId}</RequestId></ResponseMetadata></${action}Response>`,
        );
      } catch (error) {
        if (!(error instanceof StsError)) throw error;
        options.log.withRequest(request.requestId).debug(`sts: ${error.code}: ${error.message}`);
        send(response, error.statusCode, error.toXml(request.requestId));
      }
    },
  };
}
