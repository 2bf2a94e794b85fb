/**
 * Object and bucket tags as S3 takes them: the `Tagging` XML document of Put…Tagging, the
 * `x-amz-tagging` header (a URL-encoded query string) of PutObject, CreateMultipartUpload and
 * CopyObject, and S3's limits (10 tags an object, 50 a bucket; keys up to 128 characters,
 * values up to 256; keys unique, not prefixed `aws:`; letters, digits, spaces and `+-=._:/@`).
 */
import type { Permission } from './auth';
import type { S3Call } from './call';
import type { Tag } from './bucket';
import { invalidArgument, invalidTag, malformedXml } from './errors';
import { readBody } from './ingest';
import { parseRequestXml, xmlDocument, xmlElement } from './xml';

const MAX_BODY = 64 * 1024;
export const TAG_LIMITS = { object: 10, bucket: 50, key: 128, value: 256 } as const;
const ALLOWED = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Throws InvalidTag (with S3's wording) unless `tags` keep S3's rules for `kind`. */
export function validateTags(tags: readonly Tag[], kind: 'object' | 'bucket'): Tag[] {
  if (tags.length > TAG_LIMITS[kind]) {
    throw invalidTag(kind === 'object' ? `Object tags cannot be greater than ${TAG_LIMITS.object}` : `Bucket tag count cannot be greater than ${TAG_LIMITS.bucket}`);
  }
  const seen = new Set<string>();
  for (const { Key, Value } of tags) {
    if ([...Key].length > TAG_LIMITS.key || Key === '') throw invalidTag(Key === '' ? 'The TagKey you have provided is invalid' : `The TagKey you have provided is too long, max ${TAG_LIMITS.key}`, Key);
    if ([...Value].length > TAG_LIMITS.value) throw invalidTag(`The TagValue you have provided is too long, max ${TAG_LIMITS.value}`, Key);
    if (!ALLOWED.test(Key)) throw invalidTag('The TagKey you have provided is invalid', Key);
    if (!ALLOWED.test(Value)) throw invalidTag('The TagValue you have provided is invalid', Key);
    if (Key.toLowerCase().startsWith('aws:')) throw invalidTag('Your TagKey cannot be prefixed with aws:', Key);
    if (seen.has(Key)) throw invalidTag('Cannot provide multiple Tags with the same key', Key);
    seen.add(Key);
  }
  return [...tags];
}

/** The tags of an `x-amz-tagging` header (`k1=v1&k2=v2`); undefined without the header. */
export function taggingHeader(call: S3Call): Tag[] | undefined {
  const header = call.header('x-amz-tagging');
  if (header === undefined) return undefined;
  const tags: Tag[] = [];
  for (const part of header.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const decode = (text: string) => {
      try {
        return decodeURIComponent(text.replace(/\+/g, ' '));
      } catch {
        throw invalidArgument('The header \'x-amz-tagging\' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.', 'x-amz-tagging', header);
      }
    };
    tags.push({ Key: decode(eq < 0 ? part : part.slice(0, eq)), Value: eq < 0 ? '' : decode(part.slice(eq + 1)) });
  }
  return validateTags(tags, 'object');
}

/** The tag set of a `Tagging` request body, validated for `kind`. */
export async function taggingBody(call: S3Call, kind: 'object' | 'bucket'): Promise<Tag[]> {
  const document = parseRequestXml(await readBody(call, { maxSize: MAX_BODY }), 'Tagging');
  const set = document.TagSet;
  if (set === undefined) throw malformedXml();
  const entries = typeof set === 'object' && set !== null ? (set as { Tag?: unknown }).Tag : undefined;
  const list = entries === undefined ? [] : Array.isArray(entries) ? entries : [entries];
  const tags = list.map((entry) => {
    const { Key, Value } = (entry ?? {}) as { Key?: unknown; Value?: unknown };
    if (typeof Key !== 'string' || (Value !== undefined && typeof Value !== 'string')) throw malformedXml();
    return { Key, Value: (Value as string | undefined) ?? '' };
  });
  return validateTags(tags, kind);
}

/** The `Tagging` document GetObjectTagging and GetBucketTagging answer. */
export function taggingXml(tags: readonly Tag[]): string {
  const body = tags.map((tag) => `<Tag>${xmlElement('Key', tag.Key)}${xmlElement('Value', tag.Value)}</Tag>`).join('');
  return xmlDocument('Tagging', `<TagSet>${body}</TagSet>`);
}

/** A write that tags its object (`x-amz-tagging`) also needs s3:PutObjectTagging, as IAM documents. */
export function taggingPermissions(call: S3Call): Permission[] {
  return call.header('x-amz-tagging') !== undefined ? [{ action: 's3:PutObjectTagging', resource: call.objectArn() }] : [];
}

/**
 * CopyObject's tags: the source's (`x-amz-tagging-directive: COPY`, the default) or those of
 * its `x-amz-tagging` header (`REPLACE`).
 */
export function copiedTags(call: S3Call, sourceTags: readonly Tag[] | undefined): Tag[] | undefined {
  const directive = (call.header('x-amz-tagging-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') throw invalidArgument('Unknown tagging directive.', 'x-amz-tagging-directive', directive);
  const tags = directive === 'REPLACE' ? taggingHeader(call) : sourceTags && [...sourceTags];
  return tags?.length ? tags : undefined;
}
