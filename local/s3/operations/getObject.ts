import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { evaluate } from '../auth';
import type { S3Call } from '../call';
import { S3Error, accessDenied, invalidRequest, noSuchKey } from '../errors';
import { decrypting, encryptionHeaders, readKey } from '../encryption';
import { checkReadPreconditions, integerParameter, objectHeaders, parseRange } from '../objects';
import type { ObjectRecord } from '../store/records';
import type { S3Operation } from './types';

/** `response-*` query parameters and the header each overrides. */
const RESPONSE_OVERRIDES = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
} as const;

/**
 * The object, or NoSuchKey — which S3 reveals only to callers allowed s3:ListBucket
 * on the bucket; others get AccessDenied, so absence is not disclosed.
 */
export function findObject(call: S3Call): ObjectRecord {
  const record = call.ctx.store.getObject(call.bucket.name, call.key);
  if (record) return record;
  if (!evaluate(call, { action: 's3:ListBucket', resource: call.bucket.arn }).allowed) throw accessDenied();
  throw noSuchKey(call.key);
}

/** The byte range to answer and the headers describing it (Range or partNumber). */
function selectBytes(call: S3Call, record: ObjectRecord): { start: number; end: number; status: number; headers: Record<string, string | number> } {
  const rangeHeader = call.header('range');
  const partNumber = integerParameter(call, 'partNumber', 'Part number must be an integer between 1 and 10000, inclusive', 1, 10000);
  if (partNumber !== undefined) {
    if (rangeHeader !== undefined) throw invalidRequest('Cannot specify both Range header and partNumber query parameter');
    const sizes = record.parts?.map((p) => p.size) ?? [record.size];
    if (partNumber > sizes.length) throw new S3Error('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416, { PartNumberRequested: partNumber, ActualPartCount: sizes.length });
    const start = sizes.slice(0, partNumber - 1).reduce((a, b) => a + b, 0);
    const end = start + sizes[partNumber - 1];
    const headers: Record<string, string | number> = { 'x-amz-mp-parts-count': sizes.length };
    if (record.parts) headers['content-range'] = `bytes ${start}-${end - 1}/${record.size}`;
    return { start, end, status: record.parts ? 206 : 200, headers };
  }
  const range = parseRange(rangeHeader, record.size);
  if (!range) return { start: 0, end: record.size, status: 200, headers: {} };
  return { ...range, status: 206, headers: { 'content-range': `bytes ${range.start}-${range.end - 1}/${record.size}` } };
}

/** GetObject and HeadObject share everything but the body. */
export async function answerObject(call: S3Call, withBody: boolean): Promise<void> {
  // An overwrite that commits between reading the record and opening its bytes deletes
  // them: read the record again (the newer object is the right answer).
  for (let attempt = 1; ; attempt++) {
    try {
      await answerOnce(call, withBody);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3 || call.response.headersSent) throw error;
    }
  }
}

async function answerOnce(call: S3Call, withBody: boolean): Promise<void> {
  const record = findObject(call);
  const customerKey = readKey(call, record.encryption);
  checkReadPreconditions(call, record);
  const { start, end, status, headers: rangeHeaders } = selectBytes(call, record);
  const wholeObject = start === 0 && end === record.size;
  const headers: Record<string, string | number> = {
    ...objectHeaders(record, { checksum: call.header('x-amz-checksum-mode')?.toUpperCase() === 'ENABLED' && wholeObject }),
    ...encryptionHeaders(record.encryption ?? { managed: call.bucket.encryption }),
    ...rangeHeaders,
    'content-length': end - start,
  };
  const overrides = Object.entries(RESPONSE_OVERRIDES).filter(([parameter]) => call.query.has(parameter));
  if (overrides.length > 0 && call.caller.authType === 'anonymous' && !call.caller.unauthenticated) {
    throw invalidRequest('Request specific response headers cannot be used for anonymous GET requests.');
  }
  for (const [parameter, header] of overrides) headers[header] = call.query.get(parameter)!;

  if (!withBody || end === start) {
    call.writeHead(status, headers);
    call.response.end();
    return;
  }
  const bytes = await call.ctx.store.openObject(record, start, end);
  const plain = customerKey ? decrypting(bytes, customerKey.key, record.ivs ?? [], record.parts?.map((part) => part.size) ?? [record.size], start, end) : bytes;
  call.writeHead(status, headers);
  try {
    await pipeline(Readable.from(plain, { objectMode: false }), call.response);
  } catch (error) {
    await bytes.close();
    // The client hung up mid-download: nothing more to say to it.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  }
}

/** GetObject: Range, partNumber, conditional headers, response-* overrides, checksums with x-amz-checksum-mode. */
export const getObject: S3Operation = {
  name: 'GetObject',
  permissions: (call) => [{ action: 's3:GetObject', resource: call.objectArn() }],
  handle: (call) => answerObject(call, true),
};
