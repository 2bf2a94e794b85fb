import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignedRequest } from '../types';
import { SigV4Error, SigV4ErrorCode } from '../types';
import { canonicalHeaders, canonicalQueries, canonicalRequest, canonicalRequestHashes, canonicalUris, EMPTY_SHA256, sha256Hex } from './canonical';
import { ALGORITHM, formatAmzDate, type SignatureClaim } from './parse';

/** How far a header-signed request's time may be from the local clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** Payload hashes that stand for "not hashed here" rather than for a SHA-256 of the body. */
export const PayloadHash = {
  unsigned: 'UNSIGNED-PAYLOAD',
  streamingSigned: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  streamingSignedTrailer: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  streamingUnsignedTrailer: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
} as const;
const SYMBOLIC_HASHES = new Set<string>(Object.values(PayloadHash));
const SIGNATURE_MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * Derived signing keys, cached per secret, day, region and service (the SDKs cache them
 * the same way): one HMAC chain per day instead of four extra HMACs per request.
 */
export class SigningKeyCache {
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly limit = 512) {}

  get(secret: string, date: string, region: string, service: string): Buffer {
    const cacheKey = `${secret}\0${date}\0${region}\0${service}`;
    let key = this.keys.get(cacheKey);
    if (!key) {
      key = createHmac('sha256', `AWS4${secret}`).update(date).digest();
      for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
      if (this.keys.size >= this.limit) this.keys.clear();
      this.keys.set(cacheKey, key);
    }
    return key;
  }
}

/**
 * Checks the clock: a header-signed request must be within 15 minutes of now, a presigned
 * one between its X-Amz-Date (less the same skew) and X-Amz-Date + X-Amz-Expires.
 */
export function checkRequestTime(claim: SignatureClaim, now: number): void {
  if (claim.presigned) {
    const expiresAt = claim.time + claim.expires! * 1000;
    if (now > expiresAt) {
      throw new SigV4Error(SigV4ErrorCode.RequestExpired, 'Request has expired', 403, {
        'X-Amz-Expires': String(claim.expires),
        Expires: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        ServerTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
    }
    if (claim.time - now > MAX_CLOCK_SKEW_MS) {
      throw new SigV4Error(SigV4ErrorCode.RequestExpired, 'Request is not yet valid', 403, {
        'X-Amz-Date': claim.amzDate,
        ServerTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
    }
    return;
  }
  const details = { RequestTime: claim.amzDate, ServerTime: formatAmzDate(now), MaxAllowedSkewMilliseconds: String(MAX_CLOCK_SKEW_MS) };
  if (now - claim.time > MAX_CLOCK_SKEW_MS) {
    throw new SigV4Error(
      SigV4ErrorCode.RequestTimeTooSkewed,
      `Signature expired: ${claim.amzDate} is now earlier than ${formatAmzDate(now - MAX_CLOCK_SKEW_MS)} (${formatAmzDate(now)} - 15 min.)`,
      403,
      details,
    );
  }
  if (claim.time - now > MAX_CLOCK_SKEW_MS) {
    throw new SigV4Error(
      SigV4ErrorCode.RequestTimeTooSkewed,
      `Signature not yet current: ${claim.amzDate} is still later than ${formatAmzDate(now + MAX_CLOCK_SKEW_MS)} (${formatAmzDate(now)} + 15 min.)`,
      403,
      details,
    );
  }
}

/**
 * The payload hash the signer used. For header-signed requests it is the
 * `x-amz-content-sha256` header when present (S3 requires it; streaming uploads and
 * UNSIGNED-PAYLOAD use symbolic values), checked against the body when the body is at
 * hand; otherwise the SHA-256 of the body. Presigned S3 URLs are UNSIGNED-PAYLOAD.
 */
export function payloadHashOf(request: SignedRequest, claim: SignatureClaim): string {
  if (claim.presigned) {
    if (claim.queryPayloadHash) return claim.queryPayloadHash;
    if (claim.service === 's3') return PayloadHash.unsigned;
    return request.body ? sha256Hex(request.body) : EMPTY_SHA256;
  }
  const declared = request.headers['x-amz-content-sha256'];
  if (typeof declared === 'string' && declared !== '') {
    if (SYMBOLIC_HASHES.has(declared)) return declared;
    if (!/^[0-9a-f]{64}$/.test(declared)) {
      throw new SigV4Error(SigV4ErrorCode.IncompleteSignature, `x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-… or a SHA-256 hex digest, not '${declared}'.`, 400);
    }
    if (request.body && sha256Hex(request.body) !== declared) {
      throw new SigV4Error(SigV4ErrorCode.XAmzContentSHA256Mismatch, "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
        ClientComputedContentSHA256: declared,
        S3ComputedContentSHA256: sha256Hex(request.body),
      });
    }
    return declared;
  }
  if (request.body) return sha256Hex(request.body);
  if (claim.service === 's3') {
    throw new SigV4Error(SigV4ErrorCode.IncompleteSignature, 'Missing required header for this request: x-amz-content-sha256', 400);
  }
  return EMPTY_SHA256;
}

/**
 * Recomputes the signature with `secret` and compares it in constant time. Tries each
 * candidate canonical form (see canonicalUris / canonicalQueries); the first is the one
 * reported when none matches.
 */
export function verifySignature(request: SignedRequest, claim: SignatureClaim, secret: string, keys: SigningKeyCache): void {
  const payloadHash = payloadHashOf(request, claim);
  const headers = canonicalHeaders(request.headers, claim.signedHeaderList);
  const key = keys.get(secret, claim.scopeDate, claim.region, claim.service);
  const expected = Buffer.from(claim.signature, 'hex');
  let first: { canonical: string; stringToSign: string } | undefined;
  for (const uri of canonicalUris(request.rawPath, claim.service)) {
    for (const query of canonicalQueries(request.rawQuery, claim.presigned ? 'X-Amz-Signature' : undefined)) {
      const canonical = canonicalRequest({
        method: request.method.toUpperCase(),
        uri,
        query,
        headers,
        signedHeaders: claim.signedHeaders,
        payloadHash,
      });
      for (const hash of canonicalRequestHashes(canonical)) {
        const stringToSign = `${ALGORITHM}\n${claim.amzDate}\n${claim.scope}\n${hash}`;
        const actual = createHmac('sha256', key).update(stringToSign).digest();
        if (actual.length === expected.length && timingSafeEqual(actual, expected)) return;
        first ??= { canonical, stringToSign };
      }
    }
  }
  throw new SigV4Error(SigV4ErrorCode.SignatureDoesNotMatch, SIGNATURE_MISMATCH, 403, {
    CanonicalRequest: first!.canonical,
    StringToSign: first!.stringToSign,
    SignatureProvided: claim.signature,
  });
}
