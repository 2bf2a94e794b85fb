import { randomBytes } from 'node:crypto';
import { ChecksumType, isCrc, parseChecksumAlgorithm } from '../checksums';
import { encryptionHeaders, requestedEncryption } from '../encryption';
import { invalidRequest } from '../errors';
import { storedHeadersFrom, userMetadataFrom, validateKey } from '../objects';
import type { UploadRecord } from '../store/records';
import { taggingHeader, taggingPermissions } from '../tagging';
import { xmlDocument, xmlElement } from '../xml';
import type { S3Operation } from './types';

/** CreateMultipartUpload: metadata and the checksum algorithm/type are fixed here for the whole upload. */
export const createMultipartUpload: S3Operation = {
  name: 'CreateMultipartUpload',
  permissions: (call) => [{ action: 's3:PutObject', resource: call.objectArn() }, ...taggingPermissions(call)],
  async handle(call) {
    validateKey(call.key);
    const tags = taggingHeader(call);
    const algorithmHeader = call.header('x-amz-checksum-algorithm');
    const algorithm = parseChecksumAlgorithm(algorithmHeader);
    if (algorithmHeader !== undefined && !algorithm) throw invalidRequest('Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
    const typeHeader = call.header('x-amz-checksum-type')?.toUpperCase();
    if (typeHeader !== undefined && typeHeader !== ChecksumType.COMPOSITE && typeHeader !== ChecksumType.FULL_OBJECT) {
      throw invalidRequest('Value for x-amz-checksum-type header is invalid.');
    }
    if (typeHeader && !algorithm) throw invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    let checksumType = typeHeader as ChecksumType | undefined;
    if (algorithm) {
      // CRC64NVME has only a full-object form; the others default to composite.
      checksumType ??= algorithm === 'CRC64NVME' ? ChecksumType.FULL_OBJECT : ChecksumType.COMPOSITE;
      if (checksumType === ChecksumType.FULL_OBJECT && !isCrc(algorithm)) {
        throw invalidRequest(`The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
      }
      if (checksumType === ChecksumType.COMPOSITE && algorithm === 'CRC64NVME') {
        throw invalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
      }
    }
    const { encryption } = requestedEncryption(call, call.bucket.encryption);
    const record: UploadRecord = {
      uploadId: randomBytes(36).toString('base64url'),
      bucket: call.bucket.name,
      key: call.key,
      initiated: Date.now(),
      headers: storedHeadersFrom(call),
      metadata: userMetadataFrom(call),
      checksumAlgorithm: algorithm,
      checksumType,
      encryption,
      ...(tags?.length ? { tags } : {}),
    };
    await call.ctx.store.createUpload(record);
    call.sendXml(
      200,
      xmlDocument('InitiateMultipartUploadResult', `${xmlElement('Bucket', record.bucket)}${xmlElement('Key', record.key)}${xmlElement('UploadId', record.uploadId)}`),
      { ...encryptionHeaders(encryption, true), ...(algorithm ? { 'x-amz-checksum-algorithm': algorithm, 'x-amz-checksum-type': checksumType } : {}) },
    );
  },
};
