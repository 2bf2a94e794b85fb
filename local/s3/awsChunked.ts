/**
 * The `aws-chunked` content encoding the SDKs use to stream uploads:
 *
 *   <hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n … 0[;…]\r\n[<trailer>:<value>\r\n…]\r\n
 *
 * `STREAMING-UNSIGNED-PAYLOAD-TRAILER` carries a checksum in the trailer;
 * `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]` also signs every chunk (and the
 * trailer), each signature chained from the previous one — those are verified through
 * the IAM service's ChunkSignatureVerifier, so no byte is accepted unsigned.
 * Decoded incrementally: unsigned bodies are never held whole, signed ones one chunk at a time.
 */
import type { ChunkSignatureVerifier } from '../iam/types';
import { S3Error, incompleteBody, invalidRequest } from './errors';

/** Longest chunk header or trailer line accepted before the body is called malformed. */
const MAX_LINE = 4096;

export interface AwsChunkedResult {
  /** Trailing headers (lower-case names), filled once the decoded stream has ended. */
  trailers: Record<string, string>;
}

export interface AwsChunkedOptions {
  /** Verifies chunk and trailer signatures (signed streaming uploads). */
  verifier?: ChunkSignatureVerifier;
  /** True for the `-TRAILER` variants of signed streaming: the trailer must be signed too. */
  signedTrailer?: boolean;
}

const CRLF = Buffer.from('\r\n');

const chunkSignatureMismatch = () =>
  new S3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403);

/**
 * Decodes an aws-chunked body. The returned iterable yields the payload; `trailers`
 * is complete after it ends. Malformed framing is an S3 `InvalidRequest`; a body that
 * stops early is `IncompleteBody`; a chunk whose signature does not verify is
 * `SignatureDoesNotMatch`.
 */
export function decodeAwsChunked(source: AsyncIterable<Buffer>, options: AwsChunkedOptions = {}): { data: AsyncIterable<Buffer>; result: AwsChunkedResult } {
  const result: AwsChunkedResult = { trailers: {} };
  const { verifier } = options;
  async function* decode(): AsyncGenerator<Buffer> {
    let buffered: Buffer = Buffer.alloc(0);
    // 'size': reading a chunk-size line; 'data': `remaining` payload bytes left; 'crlf': the CRLF after data;
    // 'trailer': reading trailer lines until the empty one; 'done'.
    let state = 'size' as 'size' | 'data' | 'crlf' | 'trailer' | 'done';
    let remaining = 0;
    let signature: string | undefined;
    // With a verifier, a chunk is yielded only once its signature checks out.
    let pending: Buffer[] = [];
    const trailerLines: string[] = [];
    let trailerSignature: string | undefined;
    const malformed = () => invalidRequest('The aws-chunked request body is malformed');

    const takeLine = (): string | undefined => {
      const end = buffered.indexOf(CRLF);
      if (end < 0) {
        if (buffered.length > MAX_LINE) throw malformed();
        return undefined;
      }
      const line = buffered.subarray(0, end).toString('latin1');
      buffered = buffered.subarray(end + 2);
      return line;
    };

    const verifyChunk = (data: Buffer) => {
      if (!verifier) return;
      if (signature === undefined || !verifier.verifyChunk(data, signature)) throw chunkSignatureMismatch();
    };

    for await (const incoming of source) {
      buffered = buffered.length === 0 ? incoming : Buffer.concat([buffered, incoming]);
      for (;;) {
        if (state === 'size') {
          const line = takeLine();
          if (line === undefined) break;
          const [sizeText, ...extensions] = line.split(';');
          if (!/^[0-9a-fA-F]+$/.test(sizeText.trim())) throw malformed();
          signature = extensions.map((e) => e.trim()).find((e) => e.startsWith('chunk-signature='))?.slice('chunk-signature='.length);
          remaining = parseInt(sizeText, 16);
          if (remaining === 0) {
            verifyChunk(Buffer.alloc(0));
            state = 'trailer';
          } else {
            state = 'data';
          }
        } else if (state === 'data') {
          if (buffered.length === 0) break;
          const take = Math.min(remaining, buffered.length);
          const piece = buffered.subarray(0, take);
          if (verifier) pending.push(piece);
          else yield piece;
          buffered = buffered.subarray(take);
          remaining -= take;
          if (remaining === 0) {
            if (verifier) {
              const chunk = Buffer.concat(pending);
              pending = [];
              verifyChunk(chunk);
              yield chunk;
            }
            state = 'crlf';
          }
        } else if (state === 'crlf') {
          if (buffered.length < 2) break;
          if (buffered[0] !== 0x0d || buffered[1] !== 0x0a) throw malformed();
          buffered = buffered.subarray(2);
          state = 'size';
        } else if (state === 'trailer') {
          const line = takeLine();
          if (line === undefined) break;
          if (line === '') {
            state = 'done';
            continue;
          }
          const colon = line.indexOf(':');
          if (colon <= 0) throw malformed();
          const name = line.slice(0, colon).trim().toLowerCase();
          const value = line.slice(colon + 1).trim();
          if (name === 'x-amz-trailer-signature') {
            trailerSignature = value;
            continue;
          }
          result.trailers[name] = value;
          trailerLines.push(`${name}:${value}\n`);
        } else {
          // Anything after the final empty line is not part of the encoding.
          if (buffered.length > 0) throw malformed();
          break;
        }
      }
    }
    // Some clients end the body right after the trailers without the final empty line.
    if (state === 'trailer' && buffered.length === 0) state = 'done';
    if (state !== 'done') throw incompleteBody();
    if (verifier && options.signedTrailer) {
      if (trailerSignature === undefined || !verifier.verifyTrailer(trailerLines.join(''), trailerSignature)) throw chunkSignatureMismatch();
    }
  }
  return { data: decode(), result };
}
