/**
 * Bucket lifecycle configuration (PutBucketLifecycleConfiguration) and its expiration, applied
 * by the local clock: a sweep deletes current objects a rule has expired (Days after creation,
 * rounded up to the next midnight UTC, as S3 counts them, or from a Date on) and aborts multipart
 * uploads past `AbortIncompleteMultipartUpload`. Transitions and noncurrent-version actions have
 * nothing to act on locally (one storage class, no versions) and are refused, naming themselves.
 */
import type { Tag } from './bucket';
import { invalidArgument, invalidRequest, malformedXml, notImplemented } from './errors';
import type { ObjectStore } from './store/objectStore';
import type { ObjectRecord } from './store/records';
import { optionalElement, xmlDocument, xmlElement, xmlList } from './xml';

const DAY = 24 * 60 * 60 * 1000;
const MAX_RULES = 1000;

export interface LifecycleFilter {
  prefix?: string;
  tags?: Tag[];
  objectSizeGreaterThan?: number;
  objectSizeLessThan?: number;
}

export interface LifecycleRule {
  id?: string;
  status: 'Enabled' | 'Disabled';
  filter: LifecycleFilter;
  /** The rule-level `<Prefix>` of the older schema, instead of `<Filter>`. */
  legacyPrefix?: boolean;
  expiration?: { days?: number; date?: string; expiredObjectDeleteMarker?: boolean };
  abortIncompleteUploadDays?: number;
}

const text = (value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw malformedXml();
  return value.trim();
};

function positiveInteger(value: unknown, message: string): number | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw invalidArgument(message);
  return Number(raw);
}

function parseTag(value: unknown): Tag {
  const { Key, Value } = (value ?? {}) as { Key?: unknown; Value?: unknown };
  const key = text(Key);
  if (!key) throw malformedXml();
  return { Key: key, Value: text(Value) ?? '' };
}

function parseFilter(value: unknown): LifecycleFilter {
  if (value === '' || value === undefined) return {};
  if (typeof value !== 'object' || value === null) throw malformedXml();
  const filter = value as Record<string, unknown>;
  const and = filter.And as Record<string, unknown> | undefined;
  const source = and ?? filter;
  if (and !== undefined && (filter.Prefix !== undefined || filter.Tag !== undefined)) throw malformedXml();
  if (and === undefined && filter.Prefix !== undefined && filter.Tag !== undefined) throw malformedXml();
  const tags = xmlList(source.Tag).map(parseTag);
  const size = (name: string) => {
    const raw = text(source[name]);
    if (raw !== undefined && !/^\d+$/.test(raw)) throw malformedXml();
    return raw === undefined ? undefined : Number(raw);
  };
  return {
    ...(source.Prefix !== undefined ? { prefix: text(source.Prefix) ?? '' } : {}),
    ...(tags.length ? { tags } : {}),
    ...(size('ObjectSizeGreaterThan') !== undefined ? { objectSizeGreaterThan: size('ObjectSizeGreaterThan') } : {}),
    ...(size('ObjectSizeLessThan') !== undefined ? { objectSizeLessThan: size('ObjectSizeLessThan') } : {}),
  };
}

function parseExpiration(value: unknown): LifecycleRule['expiration'] {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw malformedXml();
  const expiration = value as Record<string, unknown>;
  const days = positiveInteger(expiration.Days, "'Days' for Expiration action must be a positive integer");
  const date = text(expiration.Date);
  const marker = text(expiration.ExpiredObjectDeleteMarker);
  if ([days, date, marker].filter((v) => v !== undefined).length !== 1) throw malformedXml();
  if (date !== undefined) {
    const ms = Date.parse(date);
    if (Number.isNaN(ms)) throw malformedXml();
    if (ms % DAY !== 0) throw invalidArgument("'Date' must be at midnight GMT");
    return { date: new Date(ms).toISOString() };
  }
  if (marker !== undefined) return { expiredObjectDeleteMarker: marker === 'true' };
  return { days };
}

/** The rules of a `LifecycleConfiguration` body, checked as S3 checks them. */
export function parseLifecycle(document: Record<string, unknown>): LifecycleRule[] {
  const rules = xmlList(document.Rule);
  if (rules.length === 0 || rules.length > MAX_RULES) throw malformedXml();
  const ids = new Set<string>();
  return rules.map((entry) => {
    if (typeof entry !== 'object' || entry === null) throw malformedXml();
    const rule = entry as Record<string, unknown>;
    for (const [element, what] of [
      ['Transition', 'Lifecycle transitions (the local S3 has one storage class)'],
      ['NoncurrentVersionTransition', 'Lifecycle actions on noncurrent versions (the local S3 keeps no versions)'],
      ['NoncurrentVersionExpiration', 'Lifecycle actions on noncurrent versions (the local S3 keeps no versions)'],
    ] as const) {
      if (rule[element] !== undefined) throw notImplemented(what);
    }
    const id = text(rule.ID);
    if (id !== undefined && id.length > 255) throw invalidArgument('ID length should not exceed allowed limit of 255');
    if (id !== undefined && ids.has(id)) throw invalidArgument('Rule ID must be unique. Found same ID for more than one rule');
    if (id !== undefined) ids.add(id);
    const status = text(rule.Status);
    if (status !== 'Enabled' && status !== 'Disabled') throw malformedXml();
    if ((rule.Filter === undefined) === (rule.Prefix === undefined)) throw malformedXml();
    const legacyPrefix = rule.Prefix !== undefined;
    const filter = legacyPrefix ? { prefix: text(rule.Prefix) ?? '' } : parseFilter(rule.Filter);
    const expiration = parseExpiration(rule.Expiration);
    const abort = rule.AbortIncompleteMultipartUpload as Record<string, unknown> | undefined;
    const abortDays = abort === undefined ? undefined : positiveInteger(abort.DaysAfterInitiation, "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer");
    if (abort !== undefined && abortDays === undefined) throw malformedXml();
    if (expiration === undefined && abortDays === undefined) throw invalidRequest('At least one action needs to be specified in a rule');
    if (abortDays !== undefined && filter.tags?.length) throw invalidRequest('AbortIncompleteMultipartUpload cannot be specified with Tags.');
    return { ...(id !== undefined ? { id } : {}), status, filter, ...(legacyPrefix ? { legacyPrefix } : {}), ...(expiration ? { expiration } : {}), ...(abortDays !== undefined ? { abortIncompleteUploadDays: abortDays } : {}) };
  });
}

function filterXml(filter: LifecycleFilter): string {
  const tags = (filter.tags ?? []).map((tag) => `<Tag>${xmlElement('Key', tag.Key)}${xmlElement('Value', tag.Value)}</Tag>`);
  const parts = [
    ...(filter.prefix !== undefined ? [xmlElement('Prefix', filter.prefix)] : []),
    ...tags,
    ...(filter.objectSizeGreaterThan !== undefined ? [xmlElement('ObjectSizeGreaterThan', filter.objectSizeGreaterThan)] : []),
    ...(filter.objectSizeLessThan !== undefined ? [xmlElement('ObjectSizeLessThan', filter.objectSizeLessThan)] : []),
  ];
  return `<Filter>${parts.length > 1 ? `<And>${parts.join('')}</And>` : parts.join('')}</Filter>`;
}

/** The `LifecycleConfiguration` document GetBucketLifecycleConfiguration answers. */
export function lifecycleXml(rules: readonly LifecycleRule[]): string {
  const body = rules
    .map((rule) => {
      const e = rule.expiration;
      const expiration = e
        ? `<Expiration>${optionalElement('Date', e.date)}${optionalElement('Days', e.days)}${optionalElement('ExpiredObjectDeleteMarker', e.expiredObjectDeleteMarker)}</Expiration>`
        : '';
      const abort = rule.abortIncompleteUploadDays !== undefined ? `<AbortIncompleteMultipartUpload>${xmlElement('DaysAfterInitiation', rule.abortIncompleteUploadDays)}</AbortIncompleteMultipartUpload>` : '';
      const scope = rule.legacyPrefix ? xmlElement('Prefix', rule.filter.prefix ?? '') : filterXml(rule.filter);
      return `<Rule>${optionalElement('ID', rule.id)}${scope}${xmlElement('Status', rule.status)}${expiration}${abort}</Rule>`;
    })
    .join('');
  return xmlDocument('LifecycleConfiguration', body);
}

function matches(filter: LifecycleFilter, record: ObjectRecord): boolean {
  if (filter.prefix !== undefined && !record.key.startsWith(filter.prefix)) return false;
  if (filter.objectSizeGreaterThan !== undefined && !(record.size > filter.objectSizeGreaterThan)) return false;
  if (filter.objectSizeLessThan !== undefined && !(record.size < filter.objectSizeLessThan)) return false;
  return (filter.tags ?? []).every((tag) => record.tags?.some((t) => t.Key === tag.Key && t.Value === tag.Value));
}

/** S3 counts days from creation and rounds up to the next midnight UTC. */
const afterDays = (from: number, days: number) => Math.ceil((from + days * DAY) / DAY) * DAY;

/** Whether an enabled rule has expired the object at `now`. */
export function isExpired(rules: readonly LifecycleRule[], record: ObjectRecord, now: number): boolean {
  return rules.some((rule) => {
    const e = rule.expiration;
    if (rule.status !== 'Enabled' || !e || !matches(rule.filter, record)) return false;
    if (e.days !== undefined) return afterDays(record.lastModified, e.days) <= now;
    return e.date !== undefined && Date.parse(e.date) <= now;
  });
}

/**
 * Applies the rules of every bucket at `now`: deletes expired objects, aborts stale uploads.
 * Returns how many objects and uploads it removed.
 */
export async function applyLifecycle(store: ObjectStore, buckets: Iterable<{ name: string; lifecycle?: LifecycleRule[] }>, now: number): Promise<number> {
  let removed = 0;
  for (const bucket of buckets) {
    const rules = bucket.lifecycle?.filter((rule) => rule.status === 'Enabled');
    if (!rules?.length) continue;
    for (const key of [...store.sortedKeys(bucket.name)]) {
      const record = store.getObject(bucket.name, key);
      // Only the record judged expired: an overwrite committed meanwhile is a new object.
      if (record && isExpired(rules, record, now) && (await store.deleteObject(bucket.name, key, record))) removed++;
    }
    for (const upload of store.uploads(bucket.name)) {
      const stale = rules.some(
        (rule) => rule.abortIncompleteUploadDays !== undefined && upload.record.key.startsWith(rule.filter.prefix ?? '') && afterDays(upload.record.initiated, rule.abortIncompleteUploadDays) <= now,
      );
      if (stale && (await store.abortUpload(upload.record.uploadId))) removed++;
    }
  }
  return removed;
}
