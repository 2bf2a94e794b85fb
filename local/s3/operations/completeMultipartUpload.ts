import { createHash } from 'node:crypto';
import type { S3Call } from '../call';
import {
  checksumElement,
  checksumHeader,
  ChecksumType,
  combineCrc,
  createHasher,
  decodeChecksum,
  isCrc,
  type ChecksumAlgorithm,
} from '../checksums';
import { badDigest, entityTooSmall, invalidPart, invalidPartOrder, invalidRequest, malformedXml, noSuchUpload } from '../errors';
import { encryptionHeaders } from '../encryption';
import { readBody } from '../ingest';
import { checkWritePreconditions } from '../objects';
import type { Upload } from '../store/objectStore';
import type { ObjectChecksum, ObjectRecord, PartRecord } from '../store/records';
import { parseRequestXml, xmlDocument, xmlElement } from '../xml';
import { findUpload } from '../multipart';
import type { S3Operation } from './types';

const MAX_BODY = 8 * 1024 * 1024;

interface RequestedPart {
  partNumber: number;
  etag: string;
  checksum?: string;
}

function requestedParts(call: S3Call, body: Buffer, algorithm: ChecksumAlgorithm | undefined): RequestedPart[] {
  const document = parseRequestXml(body, 'CompleteMultipartUpload');
  const parts = (document.Part ?? []) as Record<string, unknown>[];
  if (!Array.isArray(parts) || parts.length === 0) throw malformedXml();
  return parts.map((part) => {
    const number = typeof part.PartNumber === 'string' ? part.PartNumber.trim() : '';
    if (!/^\d+$/.test(number) || typeof part.ETag !== 'string') throw malformedXml();
    const checksum = algorithm ? part[checksumElement(algorithm)] : undefined;
    return { partNumber: Number(number), etag: part.ETag.trim(), checksum: typeof checksum === 'string' ? checksum.trim() : undefined };
  });
}

const unquote = (etag: string) => etag.replace(/^"(.*)"$/, '$1');

/** The object's checksum from its parts' checksums: composite (`…-N`) or a combined full-object CRC. */
function objectChecksum(upload: Upload, parts: PartRecord[]): ObjectChecksum | undefined {
  const { checksumAlgorithm: algorithm, checksumType: type } = upload.record;
  if (!algorithm || !type) return undefined;
  const raw = parts.map((part) => Buffer.from(part.checksum ?? '', 'base64'));
  if (type === ChecksumType.COMPOSITE) {
    const hasher = createHasher(algorithm);
    raw.forEach((value) => hasher.update(value));
    return { algorithm, type, value: `${hasher.digest().toString('base64')}-${parts.length}` };
  }
  if (!isCrc(algorithm)) return undefined;
  let combined: Buffer = raw[0];
  for (let i = 1; i < parts.length; i++) combined = combineCrc(algorithm as 'CRC32', combined, raw[i], parts[i].size);
  return { algorithm, type, value: combined.toString('base64') };
}

const checksumMismatch = (algorithm: ChecksumAlgorithm) =>
  badDigest(`The ${algorithm.toLowerCase()} you specified did not match the calculated checksum.`);

/**
 * The whole object's checksum the request states (`x-amz-checksum-<algorithm>`), checked for
 * form: the combined CRC for a full-object upload, `<checksum of checksums>-<parts>` for a
 * composite one. A value of another form can never match: BadDigest, as S3 answers.
 */
function wholeObjectChecksum(call: S3Call, upload: Upload, partCount: number): string | undefined {
  const { checksumAlgorithm: algorithm, checksumType } = upload.record;
  const value = algorithm ? call.header(checksumHeader(algorithm))?.trim() : undefined;
  if (value === undefined) return undefined;
  const [digest, parts, ...rest] = value.split('-');
  const wellFormed =
    checksumType === ChecksumType.COMPOSITE
      ? rest.length === 0 && parts === String(partCount) && decodeChecksum(algorithm!, digest) !== undefined
      : parts === undefined && decodeChecksum(algorithm!, digest) !== undefined;
  if (!wellFormed) throw checksumMismatch(algorithm!);
  return value;
}

/**
 * Checks the requested parts against the uploaded ones as S3 does (ascending order,
 * matching ETags and checksums, a minimum size for every part but the last) and
 * builds the object: its bytes are the parts' blobs, in order.
 */
function buildObject(call: S3Call, upload: Upload, requested: RequestedPart[]): ObjectRecord {
  const { uploadId, checksumAlgorithm: algorithm, checksumType } = upload.record;
  // The whole-object checksum is looked at first: a malformed one is BadDigest even when
  // the parts are wrong too (S3 answers so; s3-tests' test_multipart_checksum_sha256).
  const expected = wholeObjectChecksum(call, upload, requested.length);
  for (let i = 1; i < requested.length; i++) {
    // Ascending, each number once: a repeated number is out of order too.
    if (requested[i].partNumber <= requested[i - 1].partNumber) throw invalidPartOrder(uploadId);
  }
  const parts = requested.map((wanted) => {
    const part = upload.parts.get(wanted.partNumber);
    if (!part || unquote(part.etag) !== unquote(wanted.etag)) throw invalidPart(uploadId, wanted.partNumber, wanted.etag);
    if (algorithm && checksumType === ChecksumType.COMPOSITE && wanted.checksum === undefined) {
      throw invalidRequest(
        `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${wanted.partNumber} in the request.`,
      );
    }
    if (wanted.checksum !== undefined && wanted.checksum !== part.checksum) throw invalidPart(uploadId, wanted.partNumber, wanted.etag);
    return part;
  });
  parts.forEach((part, i) => {
    if (i < parts.length - 1 && part.size < call.ctx.limits.minPartSize) {
      throw entityTooSmall(part.size, call.ctx.limits.minPartSize, part.partNumber, unquote(part.etag));
    }
  });
  const checksum = objectChecksum(upload, parts);
  if (expected !== undefined && expected !== checksum?.value) throw checksumMismatch(algorithm!);
  const md5s = Buffer.concat(parts.map((part) => Buffer.from(unquote(part.etag), 'hex')));
  checkWritePreconditions(call, call.ctx.store.getObject(upload.record.bucket, upload.record.key));
  return {
    key: upload.record.key,
    size: parts.reduce((sum, part) => sum + part.size, 0),
    etag: `"${createHash('md5').update(md5s).digest('hex')}-${parts.length}"`,
    lastModified: Date.now(),
    headers: upload.record.headers,
    metadata: upload.record.metadata,
    ...(upload.record.tags ? { tags: upload.record.tags } : {}),
    checksum,
    parts: parts.map((part) => ({ size: part.size, checksum: part.checksum })),
    blobs: parts.map((part) => part.blob),
    encryption: upload.record.encryption,
    ivs: upload.record.encryption?.customer ? parts.map((part) => part.iv ?? '') : undefined,
  };
}

/** `<number>:<etag>` for each part a completion names: how a retry is recognised. */
const partList = (requested: RequestedPart[]) => requested.map((part) => `${part.partNumber}:${unquote(part.etag)}`);

/**
 * A retry of a completion that already succeeded (within the retention window of
 * store/completedUploads.ts): same bucket, key and parts. Anything else is NoSuchUpload.
 */
async function completedBefore(call: S3Call, uploadId: string): Promise<ObjectRecord> {
  const completed = call.ctx.store.completed.find(uploadId);
  if (!completed || completed.bucket !== call.bucket.name || completed.key !== call.key) throw noSuchUpload(uploadId);
  const body = await readBody(call, { maxSize: MAX_BODY, bodyChecksum: false });
  const requested = partList(requestedParts(call, body, completed.object.checksum?.algorithm));
  if (requested.join(',') !== completed.parts.join(',')) throw noSuchUpload(uploadId);
  return completed.object;
}

/** CompleteMultipartUpload: the parts become the object without copying their bytes. */
export const completeMultipartUpload: S3Operation = {
  name: 'CompleteMultipartUpload',
  permissions: (call) => [{ action: 's3:PutObject', resource: call.objectArn() }],
  async handle(call) {
    const uploadId = call.query.get('uploadId') ?? '';
    const upload = call.ctx.store.getUpload(uploadId);
    let object: ObjectRecord;
    if (!upload) {
      object = await completedBefore(call, uploadId);
    } else {
      findUpload(call); // the upload must be this bucket's and key's
      const requested = requestedParts(call, await readBody(call, { maxSize: MAX_BODY, bodyChecksum: false }), upload.record.checksumAlgorithm);
      object = await call.ctx.store.completeUpload(uploadId, (current) => buildObject(call, current, requested), () => noSuchUpload(uploadId), partList(requested));
      call.notify('ObjectCreated:CompleteMultipartUpload', object.key, { size: object.size, etag: object.etag }, upload.record.bucket);
    }
    const checksumXml = object.checksum
      ? `${xmlElement(checksumElement(object.checksum.algorithm), object.checksum.value)}${xmlElement('ChecksumType', object.checksum.type)}`
      : '';
    const location = `${call.request.url.origin}/${encodeURIComponent(call.bucket.name)}/${call.key.split('/').map(encodeURIComponent).join('/')}`;
    call.sendXml(
      200,
      xmlDocument(
        'CompleteMultipartUploadResult',
        `${xmlElement('Location', location)}${xmlElement('Bucket', call.bucket.name)}${xmlElement('Key', object.key)}${xmlElement('ETag', object.etag)}${checksumXml}`,
      ),
      { ...encryptionHeaders(object.encryption), ...(object.checksum ? { 'x-amz-checksum-type': object.checksum.type } : {}) },
    );
  },
};
