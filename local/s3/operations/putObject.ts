import { checksumHeader, ChecksumType } from '../checksums';
import { encryptionHeaders, newIv, requestedEncryption } from '../encryption';
import { ingestBody } from '../ingest';
import { checkWritePreconditions, storedHeadersFrom, userMetadataFrom, validateKey } from '../objects';
import type { ObjectRecord } from '../store/records';
import { taggingHeader, taggingPermissions } from '../tagging';
import type { S3Operation } from './types';

/** PutObject: the body is streamed to disk, verified (payload hash, Content-MD5, checksum), then committed. */
export const putObject: S3Operation = {
  name: 'PutObject',
  permissions: (call) => [{ action: 's3:PutObject', resource: call.objectArn() }, ...taggingPermissions(call)],
  async handle(call) {
    const bucket = call.bucket.name;
    validateKey(call.key);
    const headers = storedHeadersFrom(call);
    const metadata = userMetadataFrom(call);
    const { encryption, customerKey } = requestedEncryption(call, call.bucket.encryption);
    const tags = taggingHeader(call);
    checkWritePreconditions(call, call.ctx.store.getObject(bucket, call.key));

    const iv = customerKey ? newIv() : undefined;
    const encrypt = customerKey && iv ? { key: customerKey.key, iv } : undefined;
    const { blob, md5, checksum } = await ingestBody(call, { maxSize: call.ctx.limits.maxObjectSize, encrypt });
    const record: ObjectRecord = {
      key: call.key,
      size: blob.size,
      etag: `"${md5.toString('hex')}"`,
      lastModified: Date.now(),
      headers,
      metadata,
      checksum: checksum && { ...checksum, type: ChecksumType.FULL_OBJECT },
      blobs: [blob.id],
      encryption,
      ivs: iv ? [iv] : undefined,
      ...(tags?.length ? { tags } : {}),
    };
    try {
      // Checked again: another writer may have committed while this body streamed in.
      checkWritePreconditions(call, call.ctx.store.getObject(bucket, call.key));
    } catch (error) {
      await call.ctx.store.blobs.remove(blob.id);
      throw error;
    }
    await call.ctx.store.putObject(bucket, record);
    call.notify('ObjectCreated:Put', call.key, { size: record.size, etag: record.etag });
    call.send(200, {
      etag: record.etag,
      ...encryptionHeaders(encryption, true),
      ...(checksum ? { [checksumHeader(checksum.algorithm)]: checksum.value, 'x-amz-checksum-type': ChecksumType.FULL_OBJECT } : {}),
      'content-length': 0,
    });
  },
};
