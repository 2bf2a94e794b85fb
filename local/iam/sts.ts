import type { ServerResponse } from 'node:http';
import type { EdgeRequest, EdgeRoute } from '../edge';
import { RequestTooLargeError } from '../edge';
import type { Logger } from '../reporter';
import { escapeXml, StsError } from './errors';
import { SigV4Error, type Principal, type SignedRequest } from './types';
import { signedRequestOf } from './wire';

/**
 * STS on the edge, in its query protocol (form-encoded `Action=…&Version=2011-06-15`,
 * XML answers), for requests whose SigV4 credential scope names `sts`.
 */
export type StsOperation = (params: URLSearchParams, principal: Principal) => Record<string, string>;

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

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
    match: (request) => request.scopeService === 'sts',
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
        let principal: Principal;
        try {
          principal = options.authenticate(signedRequestOf(request, body));
        } catch (error) {
          if (error instanceof SigV4Error) throw StsError.fromSigV4(error);
          throw error;
        }
        const action = params.get('Action') ?? '';
        const operation = Object.hasOwn(options.operations, action) ? options.operations[action] : undefined;
        if (!operation) throw new StsError('InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? '2011-06-15'} (the local STS answers ${Object.keys(options.operations).join(', ')})`, 400);
        const result = operation(params, principal);
        const fields = Object.entries(result).map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
        send(
          response,
          200,
          `<${action}Response xmlns="${NAMESPACE}"><${action}Result>${fields}</${action}Result>` +
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
