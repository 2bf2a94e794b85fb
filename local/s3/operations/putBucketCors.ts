import type { CorsRule } from '../cors';
import { invalidRequest, malformedXml } from '../errors';
import { readBody } from '../ingest';
import { parseRequestXml, xmlList } from '../xml';
import type { S3Call } from '../call';
import type { S3Operation } from './types';

const MAX_BODY = 64 * 1024;
const MAX_RULES = 100;
const METHODS = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'];

const strings = (value: unknown): string[] => {
  const list = xmlList(value);
  if (list.some((item) => typeof item !== 'string')) throw malformedXml();
  return list as string[];
};

/** The rules of a `CORSConfiguration` body, checked as S3 checks them. */
async function corsRules(call: S3Call): Promise<CorsRule[]> {
  const document = parseRequestXml(await readBody(call, { maxSize: MAX_BODY }), 'CORSConfiguration');
  const rules = xmlList(document.CORSRule);
  if (rules.length === 0 || rules.length > MAX_RULES) throw malformedXml();
  return rules.map((entry) => {
    if (typeof entry !== 'object' || entry === null) throw malformedXml();
    const rule = entry as Record<string, unknown>;
    const methods = strings(rule.AllowedMethod);
    const origins = strings(rule.AllowedOrigin);
    if (methods.length === 0 || origins.length === 0) throw malformedXml();
    const unsupported = methods.find((method) => !METHODS.includes(method));
    if (unsupported !== undefined) throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${unsupported}`);
    for (const origin of origins) {
      if ((origin.match(/\*/g) ?? []).length > 1) throw invalidRequest(`AllowedOrigin "${origin}" can not have more than one wildcard.`);
    }
    const headers = strings(rule.AllowedHeader);
    for (const header of headers) {
      if ((header.match(/\*/g) ?? []).length > 1) throw invalidRequest(`AllowedHeader "${header}" can not have more than one wildcard.`);
    }
    const maxAge = rule.MaxAgeSeconds === undefined ? undefined : String(rule.MaxAgeSeconds).trim();
    if (maxAge !== undefined && !/^\d+$/.test(maxAge)) throw malformedXml();
    return {
      ...(typeof rule.ID === 'string' ? { Id: rule.ID } : {}),
      AllowedMethods: methods,
      AllowedOrigins: origins,
      ...(headers.length ? { AllowedHeaders: headers } : {}),
      ...(rule.ExposeHeader !== undefined ? { ExposedHeaders: strings(rule.ExposeHeader) } : {}),
      ...(maxAge !== undefined ? { MaxAge: Number(maxAge) } : {}),
    };
  });
}

/** PutBucketCors: replaces the bucket's CORS rules; preflights and responses follow them at once. */
export const putBucketCors: S3Operation = {
  name: 'PutBucketCors',
  permissions: (call) => [{ action: 's3:PutBucketCORS', resource: call.bucket.arn }],
  async handle(call) {
    const cors = await corsRules(call);
    await call.ctx.buckets.configure(call.bucket.name, { cors });
    call.send(200, { 'content-length': 0 });
  },
};
