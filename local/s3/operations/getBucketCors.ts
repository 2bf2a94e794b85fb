import { S3Error } from '../errors';
import { optionalElement, xmlDocument, xmlElement } from '../xml';
import type { S3Operation } from './types';

/** GetBucketCors: the bucket's CORS rules as declared. */
export const getBucketCors: S3Operation = {
  name: 'GetBucketCors',
  permissions: (call) => [{ action: 's3:GetBucketCORS', resource: call.bucket.arn }],
  handle(call) {
    const rules = call.bucket.cors;
    if (!rules) {
      throw new S3Error('NoSuchCORSConfiguration', 'The CORS configuration does not exist', 404, { BucketName: call.bucket.name });
    }
    const body = rules
      .map((rule) => {
        const many = (name: string, values: string[] | undefined) => (values ?? []).map((v) => xmlElement(name, v)).join('');
        return `<CORSRule>${optionalElement('ID', rule.Id)}${many('AllowedHeader', rule.AllowedHeaders)}${many('AllowedMethod', rule.AllowedMethods)}${many('AllowedOrigin', rule.AllowedOrigins)}${many('ExposeHeader', rule.ExposedHeaders)}${optionalElement('MaxAgeSeconds', rule.MaxAge)}</CORSRule>`;
      })
      .join('');
    call.sendXml(200, xmlDocument('CORSConfiguration', body));
  },
};
