/**
 * The S3 request pipeline: parse → (CORS preflight) → resolve the operation →
 * authenticate → find the bucket (and apply its CORS rules) → authorize → handle.
 * Every failure is answered in S3's XML shape; the server keeps serving.
 */
import type { ServerResponse } from 'node:http';
import type { EdgeRequest, EdgeRoute } from '../edge';
import { parseAddress, virtualHostBucket } from './address';
import { authenticate, authorize } from './auth';
import { S3Call, type S3Context } from './call';
import { corsHeaders, matchCorsRule } from './cors';
import { LOCAL_ACCOUNT } from '../assembly';
import { S3Error, accessDenied, corsForbidden } from './errors';
import { resolveOperation } from './operations';

/** OPTIONS: answered from the bucket's CORS rules alone, without authentication (as S3 does). */
function answerPreflight(call: S3Call): void {
  const origin = call.header('origin');
  const method = call.header('access-control-request-method');
  if (!origin || !method) {
    throw new S3Error('BadRequest', 'Insufficient information. Origin request header needed.', 400);
  }
  const bucket = call.ctx.buckets.get(call.address.bucket ?? '');
  if (!bucket) throw new S3Error('AccessForbidden', 'CORSResponse: Bucket not found', 403, { Method: method, ResourceType: 'BUCKET' });
  if (!bucket.cors) throw corsForbidden(method, 'not-enabled');
  const requestHeaders = (call.header('access-control-request-headers') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const request = { origin, method, requestHeaders };
  const rule = matchCorsRule(bucket.cors, request);
  if (!rule) throw corsForbidden(method, 'not-allowed');
  call.corsHeaders = corsHeaders(rule, request, true);
  call.send(200, { 'content-length': 0 });
}

/** Actual (non-preflight) cross-origin requests get the headers of the first matching rule. */
function applyCors(call: S3Call): void {
  const origin = call.header('origin');
  // CreateBucket names a bucket that does not exist yet.
  const rules = call.ctx.buckets.get(call.address.bucket ?? '')?.cors;
  if (!origin || !rules) return;
  const request = { origin, method: call.method, requestHeaders: [] };
  const rule = matchCorsRule(rules, request);
  if (rule) call.corsHeaders = corsHeaders(rule, request, false);
}

async function handle(ctx: S3Context, request: EdgeRequest, response: ServerResponse): Promise<void> {
  const call = new S3Call(ctx, request, response);
  try {
    if (call.address.malformed) throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400, { URI: call.address.rawPath });
    if (call.method === 'OPTIONS') {
      answerPreflight(call);
      return;
    }
    const operation = resolveOperation(call);
    authenticate(call);
    if (call.address.bucket !== undefined) {
      applyCors(call);
      // x-amz-expected-bucket-owner: a bucket of another account is refused, as S3 does.
      const owner = call.header('x-amz-expected-bucket-owner');
      if (owner !== undefined && owner !== LOCAL_ACCOUNT.accountId) throw accessDenied();
    }
    for (const permission of operation.permissions(call)) authorize(call, permission);
    await operation.handle(call);
  } catch (error) {
    call.fail(error);
  }
}

/**
 * The edge route of the local S3: requests signed for service `s3`, and unsigned ones
 * (anonymous access, CORS preflights) addressed to a bucket it serves.
 * @example
 * edge.addRoute(s3Route(context));
 */
export function s3Route(ctx: S3Context): EdgeRoute {
  return {
    name: 's3',
    cors: 'self',
    // 100 Continue only once the request is authenticated and authorized (ingest.ts sends it).
    expectContinue: 'after-authentication',
    match(request) {
      if (request.target) return false;
      if (request.scopeService !== undefined) return request.scopeService === 's3';
      if (virtualHostBucket(request.header('host')) !== undefined) return true;
      const address = parseAddress(request.raw.url ?? '/', request.header('host'));
      return address.bucket !== undefined && ctx.buckets.has(address.bucket);
    },
    handle: (request, response) => handle(ctx, request, response),
  };
}
