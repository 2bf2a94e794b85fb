import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that a reader, or a restart after the process is killed, sees the old
 * content or the new one, never a mix: the content goes to a temporary file beside it, which
 * is then renamed over it. Not fsynced: this is the store's flush policy (see state-store.ts).
 * `knownDirs` remembers directories already made, to save a mkdir per write.
 * @example
 * await writeFileAtomic('/state/ssm/parameters/ab/ab12….json', '{"key":…}');
 */
export async function writeFileAtomic(file: string, content: string | Buffer, options: { mode?: number; knownDirs?: Set<string> } = {}): Promise<void> {
  const dir = path.dirname(file);
  if (!options.knownDirs?.has(dir)) {
    await mkdir(dir, { recursive: true });
    options.knownDirs?.add(dir);
  }
  const temporary = `${file}.${randomBytes(6).toString('hex')}${TEMPORARY_SUFFIX}`;
  try {
    await writeFile(temporary, content, { mode: options.mode ?? 0o644 });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Files ending so are atomic writes that never reached their rename: nothing refers to them. */
export const TEMPORARY_SUFFIX = '.tmp';
