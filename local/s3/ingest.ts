/**
 * Takes an upload's body (PutObject, UploadPart) into a new blob, streaming: the body
 * is never held whole. On the way it decodes `aws-chunked`, enforces the size limit,
 * and computes what S3 verifies and returns — the MD5 (ETag), the signed payload hash
 * (`x-amz-content-sha256`), `Content-MD5`, and the additional checksum the client
 * asked for (header or trailer). Any mismatch deletes the blob and answers S3's error.
 */
import { createHash } from 'node:crypto';
import { decodeAwsChunked } from './awsChunked';
import type { S3Call } from './call';
import {
  CHECKSUM_ALGORITHMS,
  checksumHeader,
  createHasher,
  decodeChecksum,
  parseChecksumAlgorithm,
  type ChecksumAlgorithm,
} from './checksums';
import {
  badDigest,
  contentSha256Mismatch,
  entityTooLarge,
  incompleteBody,
  invalidDigest,
  invalidRequest,
  missingContentLength,
  notImplemented,
} from './errors';
import { encrypting } from './encryption';
import type { BlobInfo } from './store/blobStore';

export interface IngestOptions {
  maxSize: number;
  /**
   * False when the request's x-amz-checksum-* headers describe something other than the
   * body (CompleteMultipartUpload: the whole object's checksum).
   */
  bodyChecksum?: boolean;
  /** The algorithm a multipart upload declared: its parts are checksummed with it. */
  uploadAlgorithm?: ChecksumAlgorithm;
  /** SSE-C: the blob is stored encrypted with this key and IV (hashes and checksums are of the plain bytes). */
  encrypt?: { key: Buffer; iv: string };
}

export interface Ingested {
  blob: BlobInfo;
  md5: Buffer;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** The checksum the client asked for, and where its expected value comes from. */
function requestedChecksum(call: S3Call, uploadAlgorithm?: ChecksumAlgorithm): { algorithm: ChecksumAlgorithm; expected?: string; trailer?: string } | undefined {
  const inHeaders = CHECKSUM_ALGORITHMS.filter((algorithm) => call.header(checksumHeader(algorithm)) !== undefined);
  if (inHeaders.length > 1) throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  const trailerName = call.header('x-amz-trailer')?.trim().toLowerCase();
  const trailerAlgorithm = trailerName?.startsWith('x-amz-checksum-') ? parseChecksumAlgorithm(trailerName.slice('x-amz-checksum-'.length)) : undefined;
  if (trailerName && !trailerAlgorithm) throw invalidRequest(`The value specified in the x-amz-trailer header is not supported`);
  const declared = call.header('x-amz-sdk-checksum-algorithm');
  const sdkAlgorithm = parseChecksumAlgorithm(declared);
  if (declared !== undefined && !sdkAlgorithm) throw invalidRequest('Value for x-amz-sdk-checksum-algorithm header is invalid.');

  const algorithm = inHeaders[0] ?? trailerAlgorithm ?? sdkAlgorithm ?? uploadAlgorithm;
  if (!algorithm) return undefined;
  if (uploadAlgorithm && algorithm !== uploadAlgorithm) {
    throw invalidRequest(
      `Checksum Type mismatch occurred, expected checksum Type: ${uploadAlgorithm.toLowerCase()}, actual checksum Type: ${algorithm.toLowerCase()}`,
    );
  }
  const expected = inHeaders[0] ? call.header(checksumHeader(inHeaders[0]))!.trim() : undefined;
  if (expected !== undefined && !decodeChecksum(algorithm, expected)) {
    throw invalidRequest(`Value for ${checksumHeader(algorithm)} header is invalid.`);
  }
  return { algorithm, expected, trailer: trailerAlgorithm === algorithm ? trailerName : undefined };
}

async function* rawBody(call: S3Call): AsyncGenerator<Buffer> {
  // The request is authenticated and authorized by now: an `Expect: 100-continue` client may send.
  call.request.continue();
  try {
    for await (const chunk of call.request.raw) yield chunk as Buffer;
  } catch {
    // The client went away (or sent less than Content-Length).
    throw incompleteBody();
  }
  if (!call.request.raw.complete) throw incompleteBody();
}

interface Payload {
  /** The decoded body; throws S3 errors while streaming (size limit, framing). */
  data: AsyncIterable<Buffer>;
  /** Once `data` has ended: verifies hashes, length and checksum; throws S3 errors. */
  finish(received: number): { md5: Buffer; checksum?: { algorithm: ChecksumAlgorithm; value: string } };
}

/** The request body as a verified stream. */
function openPayload(call: S3Call, options: IngestOptions): Payload {
  const payloadHash = call.header('x-amz-content-sha256');
  const chunked = payloadHash?.startsWith('STREAMING-') ?? false;
  const signedChunks = payloadHash === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' || payloadHash === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
  if (chunked && !signedChunks && payloadHash !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') {
    throw notImplemented(`Streaming uploads signed with ${payloadHash} (SigV4a)`);
  }
  if (signedChunks && call.ctx.iam && !call.caller.signed) throw invalidRequest(`${payloadHash} requires a SigV4-signed request`);
  // Each chunk's signature chains from the request's; the IAM service holds the signing key.
  const verifier = signedChunks && call.ctx.iam && call.caller.signed ? call.ctx.iam.chunkSignatureVerifier(call.caller.signed) : undefined;

  const lengthHeader = chunked ? call.header('x-amz-decoded-content-length') : call.header('content-length');
  if (lengthHeader === undefined || !/^\d+$/.test(lengthHeader)) throw missingContentLength();
  const declaredLength = Number(lengthHeader);
  if (declaredLength > options.maxSize) throw entityTooLarge(declaredLength, options.maxSize);

  const contentMd5 = call.header('content-md5');
  const expectedMd5 = contentMd5 === undefined ? undefined : Buffer.from(contentMd5, 'base64');
  if (contentMd5 !== undefined && (expectedMd5!.length !== 16 || !/^[A-Za-z0-9+/]+={0,2}$/.test(contentMd5))) throw invalidDigest();

  const wanted = options.bodyChecksum === false ? undefined : requestedChecksum(call, options.uploadAlgorithm);
  const md5 = createHash('md5');
  const sha256 = !chunked && payloadHash && HEX_SHA256.test(payloadHash) ? createHash('sha256') : undefined;
  const checksum = wanted ? createHasher(wanted.algorithm) : undefined;

  // A payload hash can only be a SHA-256 for a plain body (aws-chunked ones say STREAMING-…),
  // so one pass over the body computes everything.
  const raw = rawBody(call);
  const decoded = chunked ? decodeAwsChunked(raw, { verifier, signedTrailer: payloadHash?.endsWith('-TRAILER') && signedChunks }) : undefined;
  let size = 0;
  const data = (async function* () {
    for await (const chunk of decoded ? decoded.data : raw) {
      size += chunk.length;
      if (size > options.maxSize) throw entityTooLarge(size, options.maxSize);
      sha256?.update(chunk);
      md5.update(chunk);
      checksum?.update(chunk);
      yield chunk;
    }
  })();

  const finish: Payload['finish'] = (received) => {
    if (sha256) {
      const computed = sha256.digest('hex');
      if (computed !== payloadHash) throw contentSha256Mismatch(payloadHash!, computed);
    }
    if (received !== declaredLength) throw incompleteBody();
    const digest = md5.digest();
    if (expectedMd5 && !expectedMd5.equals(digest)) throw badDigest();
    if (!wanted || !checksum) return { md5: digest };
    const value = checksum.digest().toString('base64');
    const expected = wanted.expected ?? (wanted.trailer ? decoded?.result.trailers[wanted.trailer] : undefined);
    if (wanted.trailer && expected === undefined) throw invalidRequest(`The trailer ${wanted.trailer} declared in x-amz-trailer was not sent`);
    if (expected !== undefined && expected !== value) {
      throw badDigest(`The ${wanted.algorithm} you specified did not match the calculated checksum.`);
    }
    return { md5: digest, checksum: { algorithm: wanted.algorithm, value } };
  };
  return { data, finish };
}

/**
 * Streams the request body into a new blob and verifies it.
 * @example
 * const { blob, md5, checksum } = await ingestBody(call, { maxSize: call.ctx.limits.maxObjectSize });
 */
export async function ingestBody(call: S3Call, options: IngestOptions): Promise<Ingested> {
  const payload = openPayload(call, options);
  const blob = await call.ctx.store.blobs.write(options.encrypt ? encrypting(payload.data, options.encrypt.key, options.encrypt.iv) : payload.data);
  try {
    return { blob, ...payload.finish(blob.size) };
  } catch (error) {
    await call.ctx.store.blobs.remove(blob.id);
    throw error;
  }
}

/** A small request body (an XML document), read whole and verified like an upload's. */
export async function readBody(call: S3Call, options: IngestOptions): Promise<Buffer> {
  const payload = openPayload(call, options);
  const chunks: Buffer[] = [];
  for await (const chunk of payload.data) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  payload.finish(body.length);
  return body;
}
