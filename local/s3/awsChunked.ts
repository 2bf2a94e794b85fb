/**
 * The `aws-chunked` content encoding the SDKs use to stream uploads whose checksum
 * travels in a trailer (`x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`):
 *
 *   <hex size>[;chunk-signature=…]\r\n<bytes>\r\n … 0[;…]\r\n<trailer>:<value>\r\n…\r\n
 *
 * Decoded incrementally: the body is never held whole.
 */
import { invalidRequest, incompleteBody } from './errors';

/** Longest chunk header or trailer line accepted before the body is called malformed. */
const MAX_LINE = 4096;

export interface AwsChunkedResult {
  /** Trailing headers (lower-case names), filled once the decoded stream has ended. */
  trailers: Record<string, string>;
}

const CRLF = Buffer.from('\r\n');

/**
 * Decodes an aws-chunked body. The returned iterable yields the payload; `trailers`
 * is complete after it ends. Malformed framing is an S3 `InvalidRequest`; a body that
 * stops early is `IncompleteBody`.
 */
export function decodeAwsChunked(source: AsyncIterable<Buffer>): { data: AsyncIterable<Buffer>; result: AwsChunkedResult } {
  const result: AwsChunkedResult = { trailers: {} };
  async function* decode(): AsyncGenerator<Buffer> {
    let buffered: Buffer = Buffer.alloc(0);
    // 'size': reading a chunk-size line; 'data': `remaining` payload bytes left; 'crlf': the CRLF after data;
    // 'trailer': reading trailer lines until the empty one; 'done'.
    let state = 'size' as 'size' | 'data' | 'crlf' | 'trailer' | 'done';
    let remaining = 0;
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

    for await (const incoming of source) {
      buffered = buffered.length === 0 ? incoming : Buffer.concat([buffered, incoming]);
      for (;;) {
        if (state === 'size') {
          const line = takeLine();
          if (line === undefined) break;
          const sizeText = line.split(';')[0].trim();
          if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw malformed();
          remaining = parseInt(sizeText, 16);
          state = remaining === 0 ? 'trailer' : 'data';
        } else if (state === 'data') {
          if (buffered.length === 0) break;
          const take = Math.min(remaining, buffered.length);
          yield buffered.subarray(0, take);
          buffered = buffered.subarray(take);
          remaining -= take;
          if (remaining === 0) state = 'crlf';
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
          result.trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
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
  }
  return { data: decode(), result };
}
