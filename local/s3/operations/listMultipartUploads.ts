import { encodingType, s3UrlEncode } from '../listing';
import { LOCAL_OWNER_ID, integerParameter } from '../objects';
import { compareKeys } from '../store/objectStore';
import { optionalElement, xmlDocument, xmlElement, xmlTimestamp } from '../xml';
import type { S3Operation } from './types';

/** ListMultipartUploads: uploads in progress by key then initiation, with prefix, delimiter and markers. */
export const listMultipartUploads: S3Operation = {
  name: 'ListMultipartUploads',
  permissions: (call) => [{ action: 's3:ListBucketMultipartUploads', resource: call.bucket.arn }],
  handle(call) {
    const bucket = call.bucket.name;
    const encoding = encodingType(call.query.get('encoding-type'));
    const encode = (value: string) => (encoding ? s3UrlEncode(value) : value);
    const prefix = call.query.get('prefix') ?? '';
    const delimiter = call.query.get('delimiter') || undefined;
    const keyMarker = call.query.get('key-marker') ?? '';
    const uploadIdMarker = call.query.get('upload-id-marker') ?? '';
    const maxUploads = Math.min(integerParameter(call, 'max-uploads', 'Provided max-uploads not an integer or within integer range') ?? 1000, 1000);

    const uploads = call.ctx.store
      .uploads(bucket)
      .map((u) => u.record)
      .filter((u) => u.key.startsWith(prefix))
      .filter((u) => {
        if (!keyMarker) return true;
        const order = compareKeys(u.key, keyMarker);
        return order > 0 || (order === 0 && uploadIdMarker !== '' && u.uploadId > uploadIdMarker);
      })
      .sort((a, b) => compareKeys(a.key, b.key) || a.initiated - b.initiated || (a.uploadId < b.uploadId ? -1 : 1));

    const entries: string[] = [];
    const prefixes: string[] = [];
    let truncated = false;
    let lastKey: string | undefined;
    let lastUploadId: string | undefined;
    for (const upload of uploads) {
      const at = delimiter ? upload.key.indexOf(delimiter, prefix.length) : -1;
      const commonPrefix = at >= 0 ? upload.key.slice(0, at + delimiter!.length) : undefined;
      if (commonPrefix !== undefined && prefixes.includes(commonPrefix)) continue;
      if (entries.length + prefixes.length === maxUploads) {
        truncated = true;
        break;
      }
      if (commonPrefix !== undefined) {
        prefixes.push(commonPrefix);
        lastKey = commonPrefix;
        continue;
      }
      const owner = xmlElement('ID', LOCAL_OWNER_ID);
      entries.push(
        `<Upload>${xmlElement('Key', encode(upload.key))}${xmlElement('UploadId', upload.uploadId)}<Initiator>${owner}</Initiator><Owner>${owner}</Owner>${xmlElement('StorageClass', 'STANDARD')}${xmlElement('Initiated', xmlTimestamp(upload.initiated))}${optionalElement('ChecksumAlgorithm', upload.checksumAlgorithm)}${optionalElement('ChecksumType', upload.checksumType)}</Upload>`,
      );
      lastKey = upload.key;
      lastUploadId = upload.uploadId;
    }
    call.sendXml(
      200,
      xmlDocument(
        'ListMultipartUploadsResult',
        xmlElement('Bucket', bucket) +
          xmlElement('KeyMarker', encode(keyMarker)) +
          xmlElement('UploadIdMarker', uploadIdMarker) +
          optionalElement('NextKeyMarker', truncated && lastKey !== undefined ? encode(lastKey) : undefined) +
          optionalElement('NextUploadIdMarker', truncated ? lastUploadId : undefined) +
          optionalElement('Delimiter', delimiter === undefined ? undefined : encode(delimiter)) +
          xmlElement('Prefix', encode(prefix)) +
          xmlElement('MaxUploads', maxUploads) +
          optionalElement('EncodingType', encoding) +
          xmlElement('IsTruncated', truncated) +
          entries.join('') +
          prefixes.map((p) => `<CommonPrefixes>${xmlElement('Prefix', encode(p))}</CommonPrefixes>`).join(''),
      ),
    );
  },
};
