/**
 * Objects and multipart uploads of every bucket: an in-memory index over records
 * kept on disk as small JSON sidecars next to immutable blobs.
 *
 * Crash safety: bytes are written to a new blob first (atomic), then the record that
 * names it is written atomically (temp file + rename) — that rename is the commit point.
 * Only after it are the replaced blobs deleted. A process killed at any moment leaves
 * either the old object or the new one, never a torn one; blobs no record names are swept
 * at the next start. Nothing is fsynced (as in the local DynamoDB): after a power loss, a
 * record whose blobs are missing or short is dropped at start, with a warning, rather than
 * served torn.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../reporter';
import { DiskBlobStore, MemoryBlobStore, type BlobRange, type BlobStore } from './blobStore';
import type { ObjectRecord, PartRecord, UploadRecord } from './records';

/** Runs tasks for one key one at a time, so the disk and the index agree on who wrote last. */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

/** Writes JSON so that readers (and a restart after the process is killed) see the old file or the new one. */
async function writeJsonAtomically(file: string, value: unknown, knownDirs?: Set<string>): Promise<void> {
  const dir = path.dirname(file);
  if (!knownDirs?.has(dir)) {
    await mkdir(dir, { recursive: true });
    knownDirs?.add(dir);
  }
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, JSON.stringify(value));
  await rename(temp, file);
}

async function readJsonFiles<T>(dir: string, filter: (name: string) => boolean): Promise<T[]> {
  if (!existsSync(dir)) return [];
  const out: T[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const parent = (entry as { parentPath?: string; path?: string }).parentPath ?? (entry as { path: string }).path;
    const file = path.join(parent, entry.name);
    if (entry.name.endsWith('.tmp')) {
      // An atomic write that never reached its rename.
      await rm(file, { force: true });
      continue;
    }
    if (filter(entry.name)) out.push(JSON.parse(await readFile(file, 'utf8')) as T);
  }
  return out;
}

/** The size of each of the record's blobs, in order. */
const blobSizes = (record: ObjectRecord): number[] => (record.parts ? record.parts.map((p) => p.size) : [record.size]);

const keyHash = (key: string) => createHash('sha256').update(key).digest('hex');

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
 * const store = await ObjectStore.open(stateDir, log); // or ObjectStore.open(undefined, log) for memory
 * await store.addBucket('my-bucket');
 */
export class ObjectStore {
  private readonly buckets = new Map<string, BucketIndex>();
  private readonly uploadsById = new Map<string, Upload>();
  private readonly queue = new KeyedQueue();
  /** Record directories known to exist (saves a mkdir per write). */
  private readonly knownDirs = new Set<string>();

  private constructor(
    readonly blobs: BlobStore,
    /** Undefined in memory mode. */
    private readonly dir: string | undefined,
  ) {}

  static async open(dir: string | undefined, log: Logger): Promise<ObjectStore> {
    if (!dir) return new ObjectStore(new MemoryBlobStore(), undefined);
    const store = new ObjectStore(await DiskBlobStore.open(path.join(dir, 'blobs')), dir);
    await store.load(log);
    return store;
  }

  // --- Disk layout ---------------------------------------------------------------------------

  private objectFile(bucket: string, key: string): string {
    const hash = keyHash(key);
    return path.join(this.dir!, 'buckets', bucket, 'objects', hash.slice(0, 2), `${hash}.json`);
  }

  private uploadDir(uploadId: string): string {
    return path.join(this.dir!, 'uploads', uploadId);
  }

  private partFile(uploadId: string, partNumber: number): string {
    return path.join(this.uploadDir(uploadId), `part-${partNumber}.json`);
  }

  private async load(log: Logger): Promise<void> {
    const dir = this.dir!;
    const referenced = new Set<string>();
    const bucketsDir = path.join(dir, 'buckets');
    if (existsSync(bucketsDir)) {
      for (const bucket of await readdir(bucketsDir)) {
        const index = this.indexOf(bucket);
        for (const record of await readJsonFiles<ObjectRecord>(path.join(bucketsDir, bucket, 'objects'), (n) => n.endsWith('.json'))) {
          if (!(await this.blobsWhole(record.blobs, blobSizes(record)))) {
            log.warn(`s3://${bucket}/${record.key}: its bytes did not reach the disk whole (power loss?); the object is dropped`);
            await rm(this.objectFile(bucket, record.key), { force: true });
            continue;
          }
          index.objects.set(record.key, record);
          record.blobs.forEach((id) => referenced.add(id));
        }
      }
    }
    const uploadsDir = path.join(dir, 'uploads');
    if (existsSync(uploadsDir)) {
      for (const uploadId of await readdir(uploadsDir)) {
        const files = this.uploadDir(uploadId);
        const [record] = await readJsonFiles<UploadRecord>(files, (n) => n === 'upload.json');
        const parts: PartRecord[] = [];
        for (const part of await readJsonFiles<PartRecord>(files, (n) => n.startsWith('part-'))) {
          if (await this.blobsWhole([part.blob], [part.size])) parts.push(part);
          else await rm(this.partFile(uploadId, part.partNumber), { force: true });
        }
        // A completion committed its object but crashed before removing the upload: the parts are the object's now.
        if (!record || parts.some((part) => referenced.has(part.blob))) {
          await rm(files, { recursive: true, force: true });
          continue;
        }
        this.uploadsById.set(uploadId, { record, parts: new Map(parts.map((p) => [p.partNumber, p])) });
        parts.forEach((part) => referenced.add(part.blob));
      }
    }
    let swept = 0;
    for (const id of await this.blobs.ids()) {
      if (referenced.has(id)) continue;
      await this.blobs.remove(id);
      swept++;
    }
    if (swept > 0) log.debug(`swept ${swept} unreferenced blob(s) left by an interrupted write`);
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
    if (!this.dir) return Date.now();
    await mkdir(path.join(this.dir, 'buckets', bucket, 'objects'), { recursive: true });
    const file = path.join(this.dir, 'buckets', bucket, 'bucket.json');
    if (existsSync(file)) return (JSON.parse(await readFile(file, 'utf8')) as { created: number }).created;
    const created = Date.now();
    await writeJsonAtomically(file, { created });
    return created;
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
      if (this.dir) await writeJsonAtomically(this.objectFile(bucket, record.key), record, this.knownDirs);
      const index = this.indexOf(bucket);
      const previous = index.objects.get(record.key);
      index.objects.set(record.key, record);
      if (!previous) index.sorted = undefined;
      if (previous) await this.removeBlobs(previous.blobs.filter((id) => !record.blobs.includes(id)));
      return previous;
    });
  }

  /** Deletes the object; false when there was none. */
  deleteObject(bucket: string, key: string): Promise<boolean> {
    return this.queue.run(`${bucket}/${key}`, async () => {
      const index = this.buckets.get(bucket);
      const previous = index?.objects.get(key);
      if (!index || !previous) return false;
      if (this.dir) await rm(this.objectFile(bucket, key), { force: true });
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
    if (this.dir) await writeJsonAtomically(path.join(this.uploadDir(record.uploadId), 'upload.json'), record);
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
      if (this.dir) await writeJsonAtomically(this.partFile(uploadId, part.partNumber), part);
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
  ): Promise<ObjectRecord> {
    return this.queue.run(`upload:${uploadId}`, async () => {
      const upload = this.uploadsById.get(uploadId);
      if (!upload) throw onMissing();
      const object = await build(upload);
      await this.putObject(upload.record.bucket, object);
      this.uploadsById.delete(uploadId);
      if (this.dir) await rm(this.uploadDir(uploadId), { recursive: true, force: true });
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
      if (this.dir) await rm(this.uploadDir(uploadId), { recursive: true, force: true });
      await this.removeBlobs([...upload.parts.values()].map((p) => p.blob));
      return true;
    });
  }
}
