import { createHmac, timingSafeEqual } from 'node:crypto';
import { EMPTY_SHA256, sha256Hex } from './canonical';
import type { ChunkSignatureVerifier } from '../types';
import type { SignatureClaim } from './parse';

/**
 * Chunk signatures of `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` uploads
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html): each chunk's
 * signature chains from the previous one, starting at the request's (seed) signature.
 */
export function chunkSignatureVerifier(claim: SignatureClaim, signingKey: Buffer): ChunkSignatureVerifier {
  let previous = claim.signature;
  const check = (algorithm: string, hashedContent: string, signature: string, middle?: string): boolean => {
    const stringToSign = [algorithm, claim.amzDate, claim.scope, previous, ...(middle === undefined ? [] : [middle]), hashedContent].join('\n');
    const expected = createHmac('sha256', signingKey).update(stringToSign).digest();
    const given = Buffer.from(signature, 'hex');
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    if (ok) previous = signature;
    return ok;
  };
  return {
    verifyChunk: (data, signature) => check('AWS4-HMAC-SHA256-PAYLOAD', sha256Hex(data), signature, EMPTY_SHA256),
    verifyTrailer: (trailerLines, signature) => check('AWS4-HMAC-SHA256-TRAILER', sha256Hex(trailerLines), signature),
  };
}
