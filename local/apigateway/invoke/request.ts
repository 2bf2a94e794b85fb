/**
 * An invocation of an API on the edge, and where it was addressed. API Gateway answers on
 * `https://<apiId>.execute-api.<region>.amazonaws.com/<stage>/<path>`; locally the same request
 * arrives either
 *
 *   path style   http://127.0.0.1:4566/_aws/execute-api/<apiId>/<stage>/<path>   (local/client sends requests for an API's AWS URL here)
 *   host style   http://<apiId>.execute-api.localhost:4566/<stage>/<path>          (browsers resolve *.localhost to loopback)
 *                or with `Host: <apiId>.execute-api.<region>.amazonaws.com`
 *
 * Either way the API sees the request as it would on AWS: its path below the API, its
 * headers, and SigV4 signatures checked against the AWS host the client signed for.
 */
import { randomBytes } from 'node:crypto';
import type { EdgeRequest } from '../../edge';
import { RequestTooLargeError } from '../../edge';
import type { SignedRequest } from '../../iam/types';
import { executeApiHost } from '../model';

/** Where path-style invocations live on the edge. */
export const EXECUTE_API_PREFIX = '/_aws/execute-api/';

const HOST_STYLE = /^([a-z0-9]+)\.execute-api\.(?:localhost|[a-z0-9-]+\.amazonaws\.com)$/;

/** API Gateway's payload limit: 10 MB. */
export const PAYLOAD_LIMIT = 10 * 1024 * 1024;

export interface InvocationAddress {
  apiId: string;
  style: 'path' | 'host';
  /** The path below the API (`/dev/items`), still percent-encoded. */
  rawPath: string;
  rawQuery: string;
}

/** The API a request addresses, or undefined when it is not an invocation. */
export function invocationAddress(request: EdgeRequest): InvocationAddress | undefined {
  const url = request.raw.url ?? '/';
  const mark = url.indexOf('?');
  const rawPath = mark < 0 ? url : url.slice(0, mark);
  const rawQuery = mark < 0 ? '' : url.slice(mark + 1);
  if (rawPath.startsWith(EXECUTE_API_PREFIX)) {
    const rest = rawPath.slice(EXECUTE_API_PREFIX.length);
    const slash = rest.indexOf('/');
    const apiId = slash < 0 ? rest : rest.slice(0, slash);
    if (apiId === '') return undefined;
    return { apiId, style: 'path', rawPath: slash < 0 ? '/' : rest.slice(slash), rawQuery };
  }
  const host = (request.header('host') ?? '').toLowerCase().replace(/:\d+$/, '');
  const apiId = HOST_STYLE.exec(host)?.[1];
  return apiId ? { apiId, style: 'host', rawPath, rawQuery } : undefined;
}

/** `12/Mar/2020:19:03:58 +0000`, the request time as API Gateway's events give it. */
export function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** A new X-Ray trace header (`Root=1-<epoch hex>-<96 random bits>`), for requests that bring none. */
function newTraceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

/**
 * One invocation: what both API generations read of a request.
 * @example
 * const invocation = new Invocation(request, address);
 * invocation.headerValues('accept'); // ['image/png', …]
 */
export class Invocation {
  readonly startedAt = Date.now();
  /**
   * The caller's `X-Amzn-Trace-Id`, or one API Gateway starts; a stage that traces makes its
   * segment the parent (`Parent=`) of what the request reaches next.
   */
  traceId: string;
  /** Header names and values as received (names in their case), repeated headers kept apart. */
  readonly headerPairs: readonly (readonly [string, string])[];
  readonly query: URLSearchParams;

  constructor(
    readonly edge: EdgeRequest,
    readonly address: InvocationAddress,
  ) {
    const pairs: [string, string][] = [];
    const raw = edge.raw.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
    this.headerPairs = pairs;
    this.query = new URLSearchParams(address.rawQuery);
    this.traceId = this.header('x-amzn-trace-id') ?? newTraceId(this.startedAt);
  }

  get method(): string {
    return this.edge.method.toUpperCase();
  }

  get requestId(): string {
    return this.edge.requestId;
  }

  get sourceIp(): string {
    return this.edge.raw.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
  }

  get userAgent(): string {
    return this.header('user-agent') ?? '';
  }

  get protocol(): string {
    return `HTTP/${this.edge.raw.httpVersion}`;
  }

  /** A header's values joined with commas, as HTTP allows; undefined when absent. */
  header(name: string): string | undefined {
    const values = this.headerValues(name);
    return values.length === 0 ? undefined : values.join(',');
  }

  headerValues(name: string): string[] {
    const lower = name.toLowerCase();
    return this.headerPairs.filter(([key]) => key.toLowerCase() === lower).map(([, value]) => value);
  }

  /**
   * The body, at most API Gateway's 10 MB; `undefined` beyond it. A declared length past the
   * limit is refused before anything is read.
   */
  async body(): Promise<Buffer | undefined> {
    const declared = Number(this.edge.header('content-length') ?? 0);
    if (declared > PAYLOAD_LIMIT) {
      this.edge.raw.resume();
      return undefined;
    }
    try {
      return await this.edge.body(PAYLOAD_LIMIT);
    } catch (error) {
      if (error instanceof RequestTooLargeError) return undefined;
      throw error;
    }
  }

  /**
   * The request as a SigV4 signature may have covered it: as received, and (for a request that
   * arrived path style or under a local host name) as the client signed it for the API's AWS host.
   */
  signedForms(body: Buffer): SignedRequest[] {
    const received: SignedRequest = {
      method: this.edge.method,
      rawPath: (this.edge.raw.url ?? '/').split('?')[0],
      rawQuery: this.address.rawQuery,
      headers: this.edge.headers,
      body,
    };
    const aws: SignedRequest = { ...received, rawPath: this.address.rawPath, headers: { ...this.edge.headers, host: executeApiHost(this.address.apiId) } };
    return this.address.style === 'host' && this.edge.header('host') === executeApiHost(this.address.apiId) ? [received] : [received, aws];
  }
}
