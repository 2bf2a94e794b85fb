import { createHash } from 'node:crypto';
import type { Permission } from '../auth';
import type { S3Call } from '../call';
import { checksumElement, ChecksumType, createHasher, parseChecksumAlgorithm, type ChecksumAlgorithm } from '../checksums';
import { decrypting, encrypting, encryptionHeaders, newIv, readKey, requestedEncryption } from '../encryption';
import { invalidArgument, invalidRequest, noSuchBucket, noSuchKey } from '../errors';
import { checkCopySourcePreconditions, checkWritePreconditions, storedHeadersFrom, userMetadataFrom, validateKey } from '../objects';
import type { ObjectRecord } from '../store/records';
import { copiedTags, taggingPermissions } from '../tagging';
import { optionalElement, xmlDocument, xmlElement, xmlTimestamp } from '../xml';
import type { S3Operation } from './types';

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=…]`, URL-encoded. */
export function copySource(call: S3Call): { bucket: string; key: string } {
  const header = call.header('x-amz-copy-source') ?? '';
  const [path, query] = header.split('?');
  if (query !== undefined && !query.startsWith('versionId=')) throw invalidArgument('Invalid copy source object key', 'x-amz-copy-source', header);
  if (query !== undefined && query !== 'versionId=null') throw invalidRequest('Copying a specific version is not supported by the local S3 (objects are not versioned)');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    throw invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', header);
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey', 'x-amz-copy-source', header);
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

/** What a copy needs: s3:GetObject on the source and s3:PutObject on the target (CopyObject, UploadPartCopy). */
export function copyPermissions(call: S3Call): Permission[] {
  const source = copySource(call);
  return [
    { action: 's3:GetObject', resource: `arn:aws:s3:::${source.bucket}/${source.key}` },
    { action: 's3:PutObject', resource: call.objectArn() },
  ];
}

/** SSE-C keys of a copy: the source's (to read it) and the target's (to write it), when either is SSE-C. */
export interface CopyKeys {
  sourceKey?: Buffer;
  targetKey?: Buffer;
}

/**
 * Copies bytes [start, end) of an object into a new blob, with the MD5 and (when asked) the
 * checksum of the plain bytes: decrypted with the source's SSE-C key, and encrypted with the
 * target's under a new IV, which is returned for the record.
 */
export async function copyIntoBlob(call: S3Call, original: ObjectRecord, algorithm: ChecksumAlgorithm | undefined, keys: CopyKeys = {}, start = 0, end = original.size) {
  const md5 = createHash('md5');
  const checksum = algorithm ? createHasher(algorithm) : undefined;
  const bytes = await call.ctx.store.openObject(original, start, end);
  const plain = keys.sourceKey ? decrypting(bytes, keys.sourceKey, original.ivs ?? [], original.parts?.map((part) => part.size) ?? [original.size], start, end) : bytes;
  const hashed = (async function* () {
    for await (const chunk of plain) {
      md5.update(chunk);
      checksum?.update(chunk);
      yield chunk;
    }
  })();
  const iv = keys.targetKey ? newIv() : undefined;
  const blob = await call.ctx.store.blobs.write(keys.targetKey && iv ? encrypting(hashed, keys.targetKey, iv) : hashed);
  return { blob, md5: md5.digest('hex'), checksum: checksum?.digest().toString('base64'), iv };
}

/**
 * CopyObject: s3:GetObject on the source and s3:PutObject on the target. The bytes are
 * copied into a new blob (MD5 and checksum recomputed), never shared between objects.
 */
export const copyObject: S3Operation = {
  name: 'CopyObject',
  permissions: (call) => [...copyPermissions(call), ...taggingPermissions(call)],
  async handle(call) {
    const target = call.bucket.name;
    validateKey(call.key);
    const source = copySource(call);
    if (!call.ctx.buckets.has(source.bucket)) throw noSuchBucket(source.bucket);
    const original = call.ctx.store.getObject(source.bucket, source.key);
    if (!original) throw noSuchKey(source.key);
    const sourceKey = readKey(call, original.encryption, true);
    checkCopySourcePreconditions(call, original);
    const { encryption, customerKey } = requestedEncryption(call, call.bucket.encryption);
    checkWritePreconditions(call, call.ctx.store.getObject(target, call.key));

    const directive = (call.header('x-amz-metadata-directive') ?? 'COPY').toUpperCase();
    if (directive !== 'COPY' && directive !== 'REPLACE') throw invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
    const tags = copiedTags(call, original.tags);
    const requestedAlgorithm = parseChecksumAlgorithm(call.header('x-amz-checksum-algorithm'));
    const changesEncryption = call.header('x-amz-server-side-encryption') !== undefined || customerKey !== undefined;
    if (source.bucket === target && source.key === call.key && directive === 'COPY' && !requestedAlgorithm && !changesEncryption) {
      throw invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    if (original.size > call.ctx.limits.maxObjectSize) {
      throw invalidRequest(`The specified copy source is larger than the maximum allowable size for a copy source: ${call.ctx.limits.maxObjectSize}`);
    }

    const algorithm: ChecksumAlgorithm | undefined = requestedAlgorithm ?? original.checksum?.algorithm;
    const { blob, md5, checksum, iv } = await copyIntoBlob(call, original, algorithm, { sourceKey: sourceKey?.key, targetKey: customerKey?.key });
    const record: ObjectRecord = {
      key: call.key,
      size: blob.size,
      etag: `"${md5}"`,
      lastModified: Date.now(),
      headers: directive === 'REPLACE' ? storedHeadersFrom(call) : { ...original.headers },
      metadata: directive === 'REPLACE' ? userMetadataFrom(call) : { ...original.metadata },
      checksum: algorithm && checksum ? { algorithm, value: checksum, type: ChecksumType.FULL_OBJECT } : undefined,
      blobs: [blob.id],
      encryption,
      ivs: iv ? [iv] : undefined,
      ...(tags ? { tags } : {}),
    };
    await call.ctx.store.putObject(target, record);
    call.notify('ObjectCreated:Copy', record.key, { size: record.size, etag: record.etag }, target);
    const checksumXml = record.checksum
      ? `${optionalElement(checksumElement(record.checksum.algorithm), record.checksum.value)}${xmlElement('ChecksumType', record.checksum.type)}`
      : '';
    call.sendXml(200, xmlDocument('CopyObjectResult', `${xmlElement('ETag', record.etag)}${xmlElement('LastModified', xmlTimestamp(record.lastModified))}${checksumXml}`), encryptionHeaders(encryption, true));
  },
};
