import { readFileSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file';
import { StateInUseError } from './errors';

/** What the lock file says about the process that holds a state directory. */
export interface StateHolder {
  pid: number;
  startedAt: string;
  /** The holder's edge, once it listens: where to reach the local cloud that owns the state. */
  endpoint?: string;
}

const LOCK_FILE = 'lock.json';

/** Whether a process runs (a zombie counts until its parent reaps it). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but is not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parse(text: string): StateHolder | undefined {
  try {
    const holder = JSON.parse(text) as StateHolder;
    return Number.isInteger(holder.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The live process holding a state directory, if any: a local cloud (with its endpoint) or
 * a script working on the state directly. A lock left by a killed process does not count.
 * @example
 * const holder = stateHolder('.amplify/local/state'); // { pid: 4242, endpoint: 'http://127.0.0.1:4566', … }
 */
export function stateHolder(dir: string): StateHolder | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, LOCK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const holder = parse(text);
  return holder && processAlive(holder.pid) ? holder : undefined;
}

/**
 * One process per state directory: two writers would each keep their own picture in memory
 * and overwrite each other's records. A lock left by a process that no longer runs (killed,
 * crashed) is taken over.
 */
export class StateLock {
  private constructor(private readonly file: string, private holder: StateHolder) {}

  static async acquire(dir: string): Promise<StateLock> {
    const file = path.join(dir, LOCK_FILE);
    const holder: StateHolder = { pid: process.pid, startedAt: new Date().toISOString() };
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(file, 'wx');
        try {
          await handle.writeFile(JSON.stringify(holder));
        } finally {
          await handle.close();
        }
        return new StateLock(file, holder);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = parse(await readFile(file, 'utf8').catch(() => ''));
      if (current && processAlive(current.pid)) throw new StateInUseError(dir, current.pid);
      // Stale (its process is gone) or half written by a process killed while taking it.
      if (attempt > 2) throw new StateInUseError(dir, current?.pid);
      await rm(file, { force: true });
    }
  }

  /** Records where the local cloud holding the state can be reached. */
  async announce(endpoint: string): Promise<void> {
    this.holder = { ...this.holder, endpoint };
    await writeFileAtomic(this.file, JSON.stringify(this.holder));
  }

  async release(): Promise<void> {
    const current = parse(await readFile(this.file, 'utf8').catch(() => ''));
    if (current?.pid === this.holder.pid) await rm(this.file, { force: true });
  }
}
