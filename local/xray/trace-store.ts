import { appendFile, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SegmentDocument } from '../tracing';

/**
 * How much the local X-Ray keeps: this many segment documents (segments and subsegments sent on
 * their own) across all traces; past it the oldest traces (by first segment received) are
 * dropped whole. On disk the documents are appended to files of `SEGMENTS_PER_FILE` lines, and
 * the oldest file goes once the newer ones hold the cap, so the state directory holds at most
 * about `MAX_SEGMENTS + SEGMENTS_PER_FILE` documents (~64 KB each at most, ~1 KB typically).
 */
export const TRACE_STORE_LIMITS = { MAX_SEGMENTS: 100_000, SEGMENTS_PER_FILE: 10_000 } as const;

export interface TraceStoreLimits {
  maxSegments: number;
  segmentsPerFile: number;
}

/** One trace: its documents by id, in the order they arrived (an update replaces in place). */
export interface StoredTrace {
  readonly id: string;
  readonly documents: Map<string, SegmentDocument>;
}

const FILE = /^segments-(\d{8})\.jsonl$/;
const fileName = (sequence: number) => `segments-${String(sequence).padStart(8, '0')}.jsonl`;

/**
 * The traces the local X-Ray holds, in memory and (with a state directory) in append-only
 * files: a daemon ingests tens of thousands of documents a second, which one-record-per-file
 * collections could not write. Appends are batched; `add` resolves once its documents are written.
 * @example
 * const store = await TraceStore.open(dir);
 * await store.add([segment]);
 * store.get(segment.trace_id)?.documents.get(segment.id);
 */
export class TraceStore {
  private readonly traces = new Map<string, StoredTrace>();
  private count = 0;
  private pending: string[] = [];
  private waiting: { resolve(): void; reject(error: Error): void }[] = [];
  private writing?: Promise<void>;
  private files: number[] = [];
  private linesInFile = 0;

  private constructor(
    private readonly dir: string | undefined,
    private readonly limits: TraceStoreLimits,
  ) {}

  static async open(dir: string | undefined, limits: TraceStoreLimits = { maxSegments: TRACE_STORE_LIMITS.MAX_SEGMENTS, segmentsPerFile: TRACE_STORE_LIMITS.SEGMENTS_PER_FILE }): Promise<TraceStore> {
    const store = new TraceStore(dir, limits);
    if (dir) await store.load(dir);
    return store;
  }

  get size(): number {
    return this.traces.size;
  }

  get(traceId: string): StoredTrace | undefined {
    return this.traces.get(traceId);
  }

  /** Every trace, oldest first. */
  all(): IterableIterator<StoredTrace> {
    return this.traces.values();
  }

  /**
   * Keeps the documents (a later one with the same id replaces an earlier, as an in-progress
   * segment is completed); resolves once they are on disk. `texts`, when given, are the
   * documents as received (one line each), written as they are rather than serialized again.
   */
  add(documents: readonly (SegmentDocument & { trace_id: string })[], texts?: readonly string[]): Promise<void> {
    for (const document of documents) this.keep(document);
    if (!this.dir || documents.length === 0) return Promise.resolve();
    documents.forEach((document, i) => this.pending.push(texts?.[i]?.includes('\n') === false ? texts[i] : JSON.stringify(document)));
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.writing ??= this.flush();
    });
  }

  /** Waits for every accepted document to be written. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private keep(document: SegmentDocument & { trace_id: string }): void {
    let trace = this.traces.get(document.trace_id);
    if (!trace) {
      trace = { id: document.trace_id, documents: new Map() };
      this.traces.set(trace.id, trace);
    }
    if (!trace.documents.has(document.id)) this.count++;
    trace.documents.set(document.id, document);
    // Oldest traces go first, whole; the one just written to stays.
    for (const [id, oldest] of this.traces) {
      if (this.count <= this.limits.maxSegments || id === document.trace_id) break;
      this.count -= oldest.documents.size;
      this.traces.delete(id);
    }
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const lines = this.pending;
        const waiting = this.waiting;
        this.pending = [];
        this.waiting = [];
        try {
          await this.append(lines);
          for (const waiter of waiting) waiter.resolve();
        } catch (error) {
          for (const waiter of waiting) waiter.reject(error as Error);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async append(lines: string[]): Promise<void> {
    const dir = this.dir!;
    for (let start = 0; start < lines.length; ) {
      if (this.files.length === 0 || this.linesInFile >= this.limits.segmentsPerFile) {
        this.files.push((this.files.at(-1) ?? 0) + 1);
        this.linesInFile = 0;
        // The oldest file goes once the newer ones alone hold the cap.
        while ((this.files.length - 1) * this.limits.segmentsPerFile >= this.limits.maxSegments + this.limits.segmentsPerFile) {
          await rm(path.join(dir, fileName(this.files.shift()!)), { force: true });
        }
      }
      const room = this.limits.segmentsPerFile - this.linesInFile;
      const batch = lines.slice(start, start + room);
      await appendFile(path.join(dir, fileName(this.files.at(-1)!)), `${batch.join('\n')}\n`);
      this.linesInFile += batch.length;
      start += batch.length;
    }
  }

  private async load(dir: string): Promise<void> {
    this.files = (await readdir(dir)).flatMap((name) => (FILE.test(name) ? [Number(FILE.exec(name)![1])] : [])).sort((a, b) => a - b);
    for (const sequence of this.files) {
      const lines = (await readFile(path.join(dir, fileName(sequence)), 'utf8')).split('\n');
      this.linesInFile = 0;
      for (const line of lines) {
        if (line === '') continue;
        this.linesInFile++;
        try {
          this.keep(JSON.parse(line) as SegmentDocument & { trace_id: string });
        } catch {
          // A line cut short by a crash mid-append: the documents before it stand.
        }
      }
    }
  }
}
