import { evaluate } from '../auth';
import { invalidRequest, malformedXml } from '../errors';
import { readBody } from '../ingest';
import { parseRequestXml, xmlDocument, xmlElement } from '../xml';
import type { S3Operation } from './types';

const MAX_KEYS = 1000;
const MAX_BODY = 2 * 1024 * 1024;

/**
 * DeleteObjects: each key is authorized (s3:DeleteObject) and deleted on its own; a key
 * the caller may not delete is reported in the result, not as a failed request.
 */
export const deleteObjects: S3Operation = {
  name: 'DeleteObjects',
  permissions: () => [],
  async handle(call) {
    const bucket = call.bucket;
    const hasIntegrityHeader = call.header('content-md5') !== undefined || Object.keys(call.request.headers).some((h) => h.startsWith('x-amz-checksum-') && h !== 'x-amz-checksum-algorithm') || call.header('x-amz-trailer') !== undefined;
    if (!hasIntegrityHeader) throw invalidRequest('Missing required header for this request: Content-MD5');
    const document = parseRequestXml(await readBody(call, { maxSize: MAX_BODY }), 'Delete');
    const objects = (document.Object ?? []) as Record<string, unknown>[];
    if (!Array.isArray(objects) || objects.length === 0 || objects.length > MAX_KEYS) throw malformedXml();
    const keys = objects.map((object) => object.Key);
    if (keys.some((key) => typeof key !== 'string' || key === '')) throw malformedXml();
    const quiet = String(document.Quiet ?? 'false').trim().toLowerCase() === 'true';

    const results: string[] = [];
    for (const key of keys as string[]) {
      const decision = evaluate(call, { action: 's3:DeleteObject', resource: call.objectArn(key) });
      if (!decision.allowed) {
        results.push(`<Error>${xmlElement('Key', key)}${xmlElement('Code', 'AccessDenied')}${xmlElement('Message', 'Access Denied')}</Error>`);
        continue;
      }
      await call.ctx.store.deleteObject(bucket.name, key);
      call.notify('ObjectRemoved:Delete', key);
      if (!quiet) results.push(`<Deleted>${xmlElement('Key', key)}</Deleted>`);
    }
    call.sendXml(200, xmlDocument('DeleteResult', results.join('')));
  },
};
