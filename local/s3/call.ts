/**
 * One S3 request in flight: its address, caller and response. Operations read what
 * they need from it and answer through it; nothing else writes the response.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { EdgeRequest } from '../edge';
import type { IamService, Principal, SignedRequest } from '../iam/types';
import type { Logger } from '../reporter';
import { parseAddress, type S3Address } from './address';
import type { Bucket } from './bucket';
import type { BucketRegistry } from './buckets';
import { S3Error, internalError, noSuchBucket } from './errors';
import type { BucketNotifications, ObjectEvent } from './notifications';
import type { ObjectStore } from './store/objectStore';

/** Limits of the local S3 (AWS's own by default; tests lower them). */
export interface S3Limits {
  /** Largest single PutObject / CopyObject body. AWS: 5 GiB. */
  maxObjectSize: number;
  /** Largest UploadPart body. AWS: 5 GiB. */
  maxPartSize: number;
  /** Smallest part other than the last. AWS: 5 MiB. */
  minPartSize: number;
}

export const AWS_LIMITS: S3Limits = {
  maxObjectSize: 5 * 1024 ** 3,
  maxPartSize: 5 * 1024 ** 3,
  minPartSize: 5 * 1024 ** 2,
};

/** What every call shares: the service's state. */
export interface S3Context {
  store: ObjectStore;
  buckets: BucketRegistry;
  /** The local IAM service; undefined runs unauthenticated (see auth.ts). */
  iam?: IamService;
  limits: S3Limits;
  region: string;
  log: Logger;
  /** Event notifications of the buckets (storage triggers). */
  notifications?: BucketNotifications;
}

/** Who is calling and how the request was authenticated. */
export interface Caller {
  /** Undefined: an anonymous (unsigned) request, or the unauthenticated mode without IAM. */
  principal?: Principal;
  /** `s3:authType`: header-signed, presigned (query) or none. */
  authType: 'REST-HEADER' | 'REST-QUERY-STRING' | 'anonymous';
  /** True when no IAM service runs: every request is let through (warned once at start). */
  unauthenticated: boolean;
  /** The request as its signature verified (the AWS host form when that is what was signed). */
  signed?: SignedRequest;
}

/** Bodies smaller than this are drained after an early error so the connection stays usable. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

export class S3Call {
  /** S3-shaped (16 upper-case hex digits), taken from the edge's id so log lines and errors correlate. */
  readonly requestId: string;
  /** x-amz-id-2: an opaque token (randomUUID draws from a pre-filled entropy cache: cheap per request). */
  readonly hostId = Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64');
  readonly address: S3Address & { malformed?: boolean };
  readonly query: URLSearchParams;
  readonly log: Logger;
  caller: Caller = { authType: 'anonymous', unauthenticated: false };
  /** CORS headers the bucket's rules add to this response. */
  corsHeaders: Record<string, string> = {};
  private resolvedBucket?: Bucket;

  constructor(
    readonly ctx: S3Context,
    readonly request: EdgeRequest,
    readonly response: ServerResponse,
  ) {
    this.requestId = request.requestId.replace(/-/g, '').slice(0, 16).toUpperCase();
    this.address = parseAddress(request.raw.url ?? '/', request.header('host'));
    this.query = new URLSearchParams(this.address.rawQuery);
    this.log = ctx.log.withRequest(request.requestId);
  }

  get method(): string {
    return this.request.method.toUpperCase();
  }

  header(name: string): string | undefined {
    return this.request.header(name);
  }

  /** Publishes this request's event on `key` to the bucket's event notifications (after the change is committed). */
  notify(eventName: ObjectEvent['eventName'], key: string, object?: ObjectEvent['object'], bucket = this.bucket.name): void {
    const principal = this.caller.principal;
    this.ctx.notifications?.publish({
      bucket,
      key,
      eventName,
      object,
      principalId: principal ? (principal.kind === 'root' ? principal.accountId : `${principal.roleName}:${principal.sessionName}`) : undefined,
      requestId: this.requestId,
      hostId: this.hostId,
      sourceIp: this.request.raw.socket.remoteAddress ?? '127.0.0.1',
    });
  }

  /** The named bucket (NoSuchBucket when the assembly has none by that name). */
  get bucket(): Bucket {
    if (this.resolvedBucket) return this.resolvedBucket;
    const name = this.address.bucket ?? '';
    const bucket = this.ctx.buckets.get(name);
    if (!bucket) throw noSuchBucket(name);
    this.resolvedBucket = bucket;
    return bucket;
  }

  get key(): string {
    return this.address.key ?? '';
  }

  objectArn(key = this.key, bucket = this.bucket.name): string {
    return `arn:aws:s3:::${bucket}/${key}`;
  }

  /** Sends a complete response with S3's common headers. */
  send(status: number, headers: Record<string, string | number | undefined> = {}, body?: string | Buffer): void {
    const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    this.writeHead(status, { ...headers, ...(payload && headers['content-length'] === undefined ? { 'content-length': payload.length } : {}) });
    this.response.end(this.method === 'HEAD' ? undefined : payload);
  }

  sendXml(status: number, xml: string, headers: Record<string, string | number | undefined> = {}): void {
    this.send(status, { 'content-type': 'application/xml', ...headers }, xml);
  }

  /** Writes status and headers (S3's request ids and the CORS headers included); the caller streams the body. */
  writeHead(status: number, headers: Record<string, string | number | undefined>): void {
    const all: Record<string, string | number> = {
      'x-amz-request-id': this.requestId,
      'x-amz-id-2': this.hostId,
      server: 'AmazonS3',
      ...this.corsHeaders,
    };
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) all[name] = value;
    // S3 names its request id x-amz-request-id only; the SDK would prefer the edge's x-amzn-RequestId.
    this.response.removeHeader('x-amzn-requestid');
    this.response.writeHead(status, all);
  }

  /** Answers with the error's status and XML body; the server keeps serving whatever went wrong. */
  fail(error: unknown): void {
    const s3Error = error instanceof S3Error ? error : internalError();
    if (!(error instanceof S3Error)) this.log.error(`${this.method} ${this.address.rawPath} failed: ${(error as Error)?.stack ?? String(error)}`);
    else this.log.debug(`${this.method} ${this.address.rawPath} → ${s3Error.statusCode} ${s3Error.code}: ${s3Error.message}`);
    if (this.response.headersSent) {
      // Mid-body: the only honest signal left is to cut the connection.
      this.response.destroy();
      return;
    }
    this.settleRequestBody();
    const noBody = this.method === 'HEAD' || s3Error.statusCode === 304;
    const xml = s3Error.toXml(this.requestId, this.hostId);
    this.writeHead(s3Error.statusCode, {
      ...s3Error.headers,
      ...(noBody ? {} : { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) }),
    });
    this.response.end(noBody ? undefined : xml);
  }

  /**
   * After an early answer the client may still be sending: drain a modest body so the
   * keep-alive connection stays usable, or close the connection under a large one.
   */
  private settleRequestBody(): void {
    const raw = this.request.raw;
    // An `Expect: 100-continue` client never told to send: the edge closes the connection after this answer.
    if (raw.complete || this.request.awaitingContinue) return;
    const declared = Number(this.header('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared <= DRAIN_LIMIT) {
      raw.resume();
      return;
    }
    this.response.setHeader('connection', 'close');
    this.response.once('finish', () => raw.destroy());
  }
}
