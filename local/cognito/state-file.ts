import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that a crash leaves either the old or the new content: write a
 * temporary file beside it, fsync, rename over.
 */
export async function writeFileAtomic(file: string, content: string, mode = 0o644): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, 'w', mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

/**
 * Saves a document whenever it changed, one write at a time. `save()` resolves once a write
 * that started after the call has finished, so a caller that awaits it knows its change is
 * on disk; changes made while a write runs are coalesced into the next one.
 */
export class CoalescingWriter {
  private running?: Promise<void>;
  private pending?: Promise<void>;

  constructor(private readonly file: string | undefined, private readonly serialize: () => string) {}

  save(): Promise<void> {
    if (!this.file) return Promise.resolve();
    if (this.pending) return this.pending;
    if (!this.running) {
      this.running = this.write().finally(() => (this.running = undefined));
      return this.running;
    }
    // A failed write is its own callers' error; the next one still runs.
    this.pending = this.running.catch(() => undefined).then(() => {
      this.pending = undefined;
      return this.save();
    });
    return this.pending;
  }

  private write(): Promise<void> {
    return writeFileAtomic(this.file!, this.serialize());
  }
}
