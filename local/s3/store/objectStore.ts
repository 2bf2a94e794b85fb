/**
 * Objects and multipart uploads of every bucket: an in-memory index over records kept in the
 * state store (`s3/objects`, `s3/multipart-uploads`, `s3/multipart-parts`, `s3/bucket-info`)
 * next to immutable blobs (`s3/blobs`).
 *
 * Crash safety: bytes are written to a new blob first (atomic), then the record that names it
 * is put in its collection (temp file + rename) — that put is the commit point. Only after it
 * are the replaced blobs deleted. A process killed at any moment leaves either the old object
 * or the new one, never a torn one; blobs no record names are swept at the next start. As
 * everywhere in the store, nothing is fsynced: after a power loss, a record whose blobs are
 * missing or short is dropped at start, with a warning, rather than served torn.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../reporter';
import { KeyedQueue, type Collection, type ServiceState } from '../../state';
import { DiskBlobStore, MemoryBlobStore, type BlobRange, type BlobStore } from './blobStore';
import { CompletedUploads } from './completedUploads';
import type { BucketInfo, ObjectRecord, PartRecord, UploadRecord } from './records';

/** The size of each of the record's blobs, in order. */
const blobSizes = (record: ObjectRecord): number[] => (record.parts ? record.parts.map((p) => p.size) : [record.size]);

/** An object's key in the `objects` collection: bucket names cannot hold a slash. */
const objectId = (bucket: string, key: string) => `${bucket}/${key}`;
const partId = (uploadId: string, partNumber: number) => `${uploadId}/${partNumber}`;

interface Collections {
  objects: Collection<ObjectRecord>;
  uploads: Collection<UploadRecord>;
  parts: Collection<PartRecord>;
  buckets: Collection<BucketInfo>;
}

/** Every JSON file under `dir` that `filter` keeps, parsed (the layout before the state store). */
async function readLegacyJson<T>(dir: string, filter: (name: string) => boolean): Promise<T[]> {
  if (!existsSync(dir)) return [];
  const out: T[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !filter(entry.name)) continue;
    const parent = (entry as { parentPath?: string; path?: string }).parentPath ?? (entry as { path: string }).path;
    try {
      out.push(JSON.parse(await readFile(path.join(parent, entry.name), 'utf8')) as T);
    } catch {
      // A record torn by a power loss under the old layout: its object is gone either way.
    }
  }
  return out;
}

interface BucketIndex {
  objects: Map<string, ObjectRecord>;
  /** Keys in S3's order (UTF-8 byte order), rebuilt lazily after writes. */
  sorted?: string[];
}

export interface Upload {
  record: UploadRecord;
  parts: Map<number, PartRecord>;
}

/** UTF-8 binary order, as S3 lists keys (JS string order differs above the BMP). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * @example
 * const store = await ObjectStore.open(context.state, log); // in memory with --in-memory
 * await store.addBucket('my-bucket');
 */
export class ObjectStore {
  private readonly buckets = new Map<string, BucketIndex>();
  private readonly uploadsById = new Map<string, Upload>();
  private readonly queue = new KeyedQueue();
  /** Uploads completed a short while ago: a retried completion gets the same answer. */
  readonly completed = new CompletedUploads();

  private constructor(
    readonly blobs: BlobStore,
    private readonly records: Collections,
  ) {}

  static async open(state: ServiceState, log: Logger): Promise<ObjectStore> {
    const [objects, uploads, parts, buckets, blobsDir] = await Promise.all([
      state.collection<ObjectRecord>('objects', { version: 1 }),
      state.collection<UploadRecord>('multipart-uploads', { version: 1 }),
      state.collection<PartRecord>('multipart-parts', { version: 1 }),
      state.collection<BucketInfo>('bucket-info', { version: 1 }),
      state.directory('blobs'),
    ]);
    const records = { objects, uploads, parts, buckets };
    const store = new ObjectStore(blobsDir ? await DiskBlobStore.open(blobsDir) : new MemoryBlobStore(), records);
    if (blobsDir) {
      await ObjectStore.importLegacy(path.dirname(blobsDir), records);
      await store.load(log);
    }
    return store;
  }

  /**
   * Imports the records the layout before the state store kept (`buckets/<bucket>/…`,
   * `uploads/<id>/…`), then removes them; the blobs stay where they were.
   */
  private static async importLegacy(dir: string, records: Collections): Promise<void> {
    const bucketsDir = path.join(dir, 'buckets');
    if (existsSync(bucketsDir)) {
      for (const bucket of await readdir(bucketsDir)) {
        for (const record of await readLegacyJson<ObjectRecord>(path.join(bucketsDir, bucket, 'objects'), (name) => name.endsWith('.json'))) {
          await records.objects.put(objectId(bucket, record.key), record);
        }
        const [info] = await readLegacyJson<{ created: number }>(path.join(bucketsDir, bucket), (name) => name === 'bucket.json');
        if (info) await records.buckets.put(bucket, info);
      }
      await rm(bucketsDir, { recursive: true, force: true });
    }
    const uploadsDir = path.join(dir, 'uploads');
    if (existsSync(uploadsDir)) {
      for (const uploadId of await readdir(uploadsDir)) {
        const files = path.join(uploadsDir, uploadId);
        const [upload] = await readLegacyJson<UploadRecord>(files, (name) => name === 'upload.json');
        if (!upload) continue;
        await records.uploads.put(uploadId, upload);
        for (const part of await readLegacyJson<PartRecord>(files, (name) => name.startsWith('part-'))) await records.parts.put(partId(uploadId, part.partNumber), part);
      }
      await rm(uploadsDir, { recursive: true, force: true });
    }
  }

  /** Takes the records in, dropping those whose bytes did not reach the disk whole, and sweeps blobs nothing names. */
  private async load(log: Logger): Promise<void> {
    const { objects, uploads, parts } = this.records;
    const referenced = new Set<string>();
    for (const [id, record] of [...objects.entries()]) {
      const bucket = id.slice(0, id.indexOf('/'));
      if (!(await this.blobsWhole(record.blobs, blobSizes(record)))) {
        log.warn(`s3://${bucket}/${record.key}: its bytes did not reach the disk whole (power loss?); the object is dropped`);
        await objects.delete(id);
        continue;
      }
      this.indexOf(bucket).objects.set(record.key, record);
      record.blobs.forEach((blob) => referenced.add(blob));
    }
    const partsByUpload = new Map<string, PartRecord[]>();
    for (const [id, part] of [...parts.entries()]) {
      const uploadId = id.slice(0, id.lastIndexOf('/'));
      if (!uploads.has(uploadId) || !(await this.blobsWhole([part.blob], [part.size]))) {
        await parts.delete(id);
        continue;
      }
      partsByUpload.set(uploadId, [...(partsByUpload.get(uploadId) ?? []), part]);
    }
    for (const [uploadId, record] of [...uploads.entries()]) {
      const uploadParts = partsByUpload.get(uploadId) ?? [];
      // A completion committed its object but was killed before removing the upload: the parts are the object's now.
      if (uploadParts.some((part) => referenced.has(part.blob))) {
        await this.forgetUpload(uploadId, uploadParts);
        continue;
      }
      this.uploadsById.set(uploadId, { record, parts: new Map(uploadParts.map((part) => [part.partNumber, part])) });
      uploadParts.forEach((part) => referenced.add(part.blob));
    }
    let swept = 0;
    for (const id of await this.blobs.ids()) {
      if (referenced.has(id)) continue;
      await this.blobs.remove(id);
      swept++;
    }
    if (swept > 0) log.debug(`swept ${swept} unreferenced blob(s) left by an interrupted write`);
  }

  /** Deletes an upload's records (its part records first: an upload record alone is dropped at start). */
  private async forgetUpload(uploadId: string, parts: Iterable<PartRecord>): Promise<void> {
    for (const part of parts) await this.records.parts.delete(partId(uploadId, part.partNumber));
    await this.records.uploads.delete(uploadId);
  }

  /** Whether every blob is stored with the size its record expects. */
  private async blobsWhole(ids: readonly string[], sizes: readonly number[]): Promise<boolean> {
    for (const [i, id] of ids.entries()) if ((await this.blobs.size(id)) !== sizes[i]) return false;
    return true;
  }

  // --- Buckets ---------------------------------------------------------------------------------

  private indexOf(bucket: string): BucketIndex {
    let index = this.buckets.get(bucket);
    if (!index) {
      index = { objects: new Map() };
      this.buckets.set(bucket, index);
    }
    return index;
  }

  /**
   * Makes a bucket servable (its records may already be loaded from a previous run).
   * Returns its creation time: the first start that had it.
   */
  async addBucket(bucket: string): Promise<number> {
    this.indexOf(bucket);
    const kept = this.records.buckets.get(bucket);
    if (kept) return kept.created;
    const created = Date.now();
    await this.records.buckets.put(bucket, { created });
    return created;
  }

  /** What the state directory keeps about a bucket (undefined before its first `addBucket`). */
  bucketInfo(bucket: string): BucketInfo | undefined {
    return this.records.buckets.get(bucket);
  }

  /** Every bucket kept in the state directory, with what is kept about it. */
  bucketInfos(): [string, BucketInfo][] {
    return [...this.records.buckets.entries()];
  }

  /** Makes a bucket servable and keeps `info` about it (CreateBucket, configuration changes). */
  async putBucketInfo(bucket: string, info: BucketInfo): Promise<void> {
    await this.records.buckets.put(bucket, info);
    this.indexOf(bucket);
  }

  /** Forgets an empty bucket and its multipart uploads in progress (DeleteBucket). */
  async removeBucket(bucket: string): Promise<void> {
    for (const upload of this.uploads(bucket)) await this.abortUpload(upload.record.uploadId);
    await this.records.buckets.delete(bucket);
    this.buckets.delete(bucket);
  }

  /** Applies `change` to the object at `key` under its write queue; undefined when there is none. */
  updateObject(bucket: string, key: string, change: (record: ObjectRecord) => ObjectRecord): Promise<ObjectRecord | undefined> {
    return this.queue.run(`${bucket}/${key}`, async () => {
      const index = this.buckets.get(bucket);
      const current = index?.objects.get(key);
      if (!index || !current) return undefined;
      const next = change(current);
      await this.records.objects.put(objectId(bucket, key), next);
      index.objects.set(key, next);
      return next;
    });
  }

  objectCount(bucket: string): number {
    return this.buckets.get(bucket)?.objects.size ?? 0;
  }

  // --- Objects ---------------------------------------------------------------------------------

  getObject(bucket: string, key: string): ObjectRecord | undefined {
    return this.buckets.get(bucket)?.objects.get(key);
  }

  /** Every key of the bucket in S3's listing order. */
  sortedKeys(bucket: string): readonly string[] {
    const index = this.indexOf(bucket);
    index.sorted ??= [...index.objects.keys()].sort(compareKeys);
    return index.sorted;
  }

  /**
   * Makes `record` the bucket's object at its key (its blobs must be written already).
   * Returns the record it replaced; the replaced bytes are deleted after the commit.
   */
  putObject(bucket: string, record: ObjectRecord): Promise<ObjectRecord | undefined> {
    return this.queue.run(`${bucket}/${record.key}`, async () => {
      await this.records.objects.put(objectId(bucket, record.key), record);
      const index = this.indexOf(bucket);
      const previous = index.objects.get(record.key);
      index.objects.set(record.key, record);
      if (!previous) index.sorted = undefined;
      if (previous) await this.removeBlobs(previous.blobs.filter((id) => !record.blobs.includes(id)));
      return previous;
    });
  }

  /** Deletes the object (only if it is still `expected`, when given); false when there was none. */
  deleteObject(bucket: string, key: string, expected?: ObjectRecord): Promise<boolean> {
    return this.queue.run(`${bucket}/${key}`, async () => {
      const index = this.buckets.get(bucket);
      const previous = index?.objects.get(key);
      if (!index || !previous || (expected && previous !== expected)) return false;
      await this.records.objects.delete(objectId(bucket, key));
      index.objects.delete(key);
      index.sorted = undefined;
      await this.removeBlobs(previous.blobs);
      return true;
    });
  }

  /** The bytes [start, end) of an object, opened now. */
  openObject(record: ObjectRecord, start = 0, end = record.size): ReturnType<BlobStore['open']> {
    const sizes = blobSizes(record);
    const ranges: BlobRange[] = [];
    let offset = 0;
    record.blobs.forEach((id, i) => {
      const blobStart = offset;
      const blobEnd = offset + sizes[i];
      offset = blobEnd;
      const from = Math.max(start, blobStart);
      const to = Math.min(end, blobEnd);
      if (to > from) ranges.push({ id, start: from - blobStart, end: to - blobStart });
    });
    return this.blobs.open(ranges);
  }

  private async removeBlobs(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.blobs.remove(id);
  }

  // --- Multipart uploads -------------------------------------------------------------------------

  async createUpload(record: UploadRecord): Promise<void> {
    await this.records.uploads.put(record.uploadId, record);
    this.uploadsById.set(record.uploadId, { record, parts: new Map() });
  }

  getUpload(uploadId: string): Upload | undefined {
    return this.uploadsById.get(uploadId);
  }

  uploads(bucket: string): Upload[] {
    return [...this.uploadsById.values()].filter((upload) => upload.record.bucket === bucket);
  }

  /** Records a part (its blob written already), replacing an earlier part with the same number. */
  putPart(uploadId: string, part: PartRecord): Promise<void> {
    return this.queue.run(`upload:${uploadId}`, async () => {
      const upload = this.uploadsById.get(uploadId);
      if (!upload) {
        // Aborted or completed while the part streamed in.
        await this.blobs.remove(part.blob);
        return;
      }
      await this.records.parts.put(partId(uploadId, part.partNumber), part);
      const previous = upload.parts.get(part.partNumber);
      upload.parts.set(part.partNumber, part);
      if (previous) await this.blobs.remove(previous.blob);
    });
  }

  /**
   * Commits the object made of the upload's parts and ends the upload; parts the
   * completion did not use are deleted.
   */
  completeUpload(
    uploadId: string,
    /** Validates the parts and builds the object; runs while no part of this upload can change. Throws to refuse. */
    build: (upload: Upload) => ObjectRecord | Promise<ObjectRecord>,
    onMissing: () => Error,
    /** The parts the request named (`<number>:<etag>`), remembered to recognise a retry. */
    requestedParts: string[] = [],
  ): Promise<ObjectRecord> {
    return this.queue.run(`upload:${uploadId}`, async () => {
      const upload = this.uploadsById.get(uploadId);
      if (!upload) throw onMissing();
      const object = await build(upload);
      await this.putObject(upload.record.bucket, object);
      this.completed.remember(uploadId, { bucket: upload.record.bucket, key: upload.record.key, parts: requestedParts, object, completedAt: Date.now() });
      this.uploadsById.delete(uploadId);
      await this.forgetUpload(uploadId, upload.parts.values());
      const used = new Set(object.blobs);
      await this.removeBlobs([...upload.parts.values()].map((p) => p.blob).filter((id) => !used.has(id)));
      return object;
    });
  }

  abortUpload(uploadId: string): Promise<boolean> {
    return this.queue.run(`upload:${uploadId}`, async () => {
      const upload = this.uploadsById.get(uploadId);
      if (!upload) return false;
      this.uploadsById.delete(uploadId);
      await this.forgetUpload(uploadId, upload.parts.values());
      await this.removeBlobs([...upload.parts.values()].map((p) => p.blob));
      return true;
    });
  }
}
