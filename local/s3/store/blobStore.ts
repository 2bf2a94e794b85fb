/**
 * Where object bytes live: immutable blobs, each written once under a fresh id and
 * only then referenced by an object or part record. A blob is either complete or
 * absent (temp file + rename), so a killed process never leaves half an object behind
 * a record; unreferenced blobs are swept at start. Writes are not fsynced — the same
 * contract as the local DynamoDB: they survive the process being killed; after a power
 * loss, the store's start-up check drops any record whose blob did not reach the disk whole.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface BlobInfo {
  id: string;
  size: number;
}

/** A byte range of one blob, `end` exclusive. */
export interface BlobRange {
  id: string;
  start: number;
  end: number;
}

export interface BlobStore {
  /** Writes every chunk of `data` to a new blob; the blob exists only once this resolves. */
  write(data: AsyncIterable<Buffer>): Promise<BlobInfo>;
  /**
   * Opens the ranges now (so a concurrent overwrite cannot pull them away) and
   * returns their bytes in order.
   */
  open(ranges: readonly BlobRange[]): Promise<AsyncIterable<Buffer> & { close(): Promise<void> }>;
  remove(id: string): Promise<void>;
  /** Every stored blob id (for the sweep at start). */
  ids(): Promise<string[]>;
  /** The stored size of a blob; undefined when it is absent. */
  size(id: string): Promise<number | undefined>;
}

export const newBlobId = () => randomBytes(16).toString('hex');

/** Bytes gathered before a write to disk. */
const WRITE_BATCH = 1024 * 1024;
/** Bytes per read from disk: large reads mean fewer socket writes on the way out, each with its own kernel cost. */
const READ_CHUNK = 1024 * 1024;

/** The buffers left after the first `written` bytes of `buffers` (a short writev). */
function skipWritten(buffers: Buffer[], written: number): Buffer[] {
  let left = written;
  const out: Buffer[] = [];
  for (const buffer of buffers) {
    if (left >= buffer.length) {
      left -= buffer.length;
      continue;
    }
    out.push(left > 0 ? buffer.subarray(left) : buffer);
    left = 0;
  }
  return out;
}

/** Blobs as files under `dir`, written atomically. */
export class DiskBlobStore implements BlobStore {
  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<DiskBlobStore> {
    await mkdir(dir, { recursive: true });
    // Temp files are writes that never finished: nothing references them.
    for (const name of await readdir(dir)) if (name.includes('.tmp')) await rm(path.join(dir, name), { force: true });
    return new DiskBlobStore(dir);
  }

  private file(id: string): string {
    return path.join(this.dir, id);
  }

  async write(data: AsyncIterable<Buffer>): Promise<BlobInfo> {
    const id = newBlobId();
    const temp = `${this.file(id)}.tmp`;
    let handle: FileHandle | undefined = await open(temp, 'w');
    let size = 0;
    // Socket reads arrive in ~64 KiB pieces: gather them so each write is one large writev.
    let batch: Buffer[] = [];
    let batched = 0;
    const flush = async () => {
      let pending = batch;
      batch = [];
      batched = 0;
      while (pending.length > 0) {
        const { bytesWritten } = await handle!.writev(pending);
        pending = skipWritten(pending, bytesWritten);
      }
    };
    try {
      for await (const chunk of data) {
        batch.push(chunk);
        batched += chunk.length;
        size += chunk.length;
        if (batched >= WRITE_BATCH) await flush();
      }
      await flush();
      await handle.close();
      handle = undefined;
      await rename(temp, this.file(id));
      return { id, size };
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw error;
    }
  }

  async open(ranges: readonly BlobRange[]): Promise<AsyncIterable<Buffer> & { close(): Promise<void> }> {
    const handles: FileHandle[] = [];
    try {
      for (const range of ranges) handles.push(await open(this.file(range.id), 'r'));
    } catch (error) {
      await Promise.all(handles.map((h) => h.close()));
      throw error;
    }
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
    };
    async function* read(): AsyncGenerator<Buffer> {
      try {
        for (let i = 0; i < ranges.length; i++) {
          const { start, end } = ranges[i];
          if (end <= start) continue;
          const stream = createReadStream('', { fd: handles[i], start, end: end - 1, autoClose: false, highWaterMark: READ_CHUNK });
          for await (const chunk of stream) yield chunk as Buffer;
        }
      } finally {
        await close();
      }
    }
    return Object.assign(read(), { close });
  }

  async remove(id: string): Promise<void> {
    // unlink, not rm: rm's recursive machinery stats first, and this runs on every overwrite.
    await unlink(this.file(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async ids(): Promise<string[]> {
    return (await readdir(this.dir)).filter((name) => !name.includes('.'));
  }

  async size(id: string): Promise<number | undefined> {
    try {
      return (await stat(this.file(id))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

/** Blobs in memory (`--in-memory`): nothing survives the process. */
export class MemoryBlobStore implements BlobStore {
  /** Each blob as the chunks it arrived in: copying them into one buffer costs more than the upload's hashing. */
  private readonly blobs = new Map<string, { chunks: Buffer[]; size: number }>();

  async write(data: AsyncIterable<Buffer>): Promise<BlobInfo> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of data) {
      if (chunk.length === 0) continue;
      chunks.push(chunk);
      size += chunk.length;
    }
    const id = newBlobId();
    this.blobs.set(id, { chunks, size });
    return { id, size };
  }

  async open(ranges: readonly BlobRange[]): Promise<AsyncIterable<Buffer> & { close(): Promise<void> }> {
    // Taken now, so a later overwrite or delete cannot pull the bytes away.
    const pieces = ranges.map((range) => {
      const blob = this.blobs.get(range.id);
      if (!blob) throw new Error(`Blob ${range.id} is missing from the memory store`);
      return { chunks: blob.chunks, start: range.start, end: range.end };
    });
    async function* read(): AsyncGenerator<Buffer> {
      for (const { chunks, start, end } of pieces) {
        let offset = 0;
        for (const chunk of chunks) {
          const from = Math.max(start, offset);
          const to = Math.min(end, offset + chunk.length);
          if (to > from) yield chunk.subarray(from - offset, to - offset);
          offset += chunk.length;
          if (offset >= end) break;
        }
      }
    }
    return Object.assign(read(), { close: async () => undefined });
  }

  async remove(id: string): Promise<void> {
    this.blobs.delete(id);
  }

  async ids(): Promise<string[]> {
    return [...this.blobs.keys()];
  }

  async size(id: string): Promise<number | undefined> {
    return this.blobs.get(id)?.size;
  }
}
