import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Reporter } from '../../../../local/reporter';
import { StateInUseError, StateStore, StateVersionError, stateHolder } from '../../../../local/state';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flare-state-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const quiet = () => new Reporter({ level: 'silent' });
function recording(): { reporter: Reporter; warnings: string[] } {
  const warnings: string[] = [];
  return { reporter: new Reporter({ level: 'warn', sinks: [(record) => warnings.push(record.message)] }), warnings };
}

/** Every record file of a collection, as written. */
function recordFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join((entry as { parentPath?: string }).parentPath ?? (entry as unknown as { path: string }).path, entry.name));
}

/** The pid of a process that has exited (a lock it held is stale). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('state store', () => {
  describe('collections', () => {
    it('keeps acknowledged records across a reopen, and removals too', async () => {
      // Prepare
      const dir = tempDir();
      const first = await StateStore.open({ dir, reporter: quiet() });
      const users = await first.service('cognito').collection<{ name: string }>('users', { version: 1 });

      // Act
      await users.put('ann', { name: 'Ann' });
      await users.put('bob', { name: 'Bob' });
      await users.delete('bob');
      await first.close();
      const second = await StateStore.open({ dir, reporter: quiet() });
      const reopened = await second.service('cognito').collection<{ name: string }>('users', { version: 1 });

      // Assess
      expect([...reopened.entries()]).toEqual([['ann', { name: 'Ann' }]]);
      await second.close();
    });

    it('returns a value only once it is durable, and applies writes of one key in call order', async () => {
      const store = await StateStore.open({ dir: tempDir(), reporter: quiet() });
      const counters = await store.service('s').collection<number>('counters', { version: 1 });

      const writes = Array.from({ length: 20 }, (_, i) => counters.put('n', i));
      const seenBefore = counters.get('n');
      await Promise.all(writes);

      expect(seenBefore).toBeUndefined();
      expect(counters.get('n')).toBe(19);
      const [file] = recordFiles(path.join(store.dir!, 's', 'counters'));
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ key: 'n', version: 1, value: 19 });
      await store.close();
    });

    it('writes record files with the mode asked for (secrets and keys: 0600)', async () => {
      const store = await StateStore.open({ dir: tempDir(), reporter: quiet() });
      const keys = await store.service('iam').collection<string>('keys', { version: 1, mode: 0o600 });
      await keys.put('session', 'secret');
      const [file] = recordFiles(path.join(store.dir!, 'iam', 'keys'));
      expect(statSync(file).mode & 0o777).toBe(0o600);
      await store.close();
    });

    it('in memory, keeps records for the process only and touches no disk', async () => {
      const store = await StateStore.open({ reporter: quiet() });
      const items = await store.service('s').collection<string>('items', { version: 1 });
      await items.put('a', 'A');
      expect(items.get('a')).toBe('A');
      expect(store.persistent).toBe(false);
      expect(await store.service('s').directory('engine')).toBeUndefined();
      await store.close();
    });

    it('one owner per collection', async () => {
      const store = await StateStore.open({ reporter: quiet() });
      await store.service('s').collection('items', { version: 1 });
      await expect(store.service('s').collection('items', { version: 1 })).rejects.toThrow('State s/items is already open');
      await store.close();
    });

    it('drops a torn record with a warning and sweeps unfinished temporary files', async () => {
      // Prepare: a record, then the disk as a power loss might leave it
      const dir = tempDir();
      const store = await StateStore.open({ dir, reporter: quiet() });
      const items = await store.service('s').collection<string>('items', { version: 1 });
      await items.put('whole', 'W');
      await items.put('torn', 'T');
      await store.close();
      const files = recordFiles(path.join(dir, 's', 'items'));
      const torn = files.find((file) => readFileSync(file, 'utf8').includes('"torn"'))!;
      writeFileSync(torn, '{"key":"torn","vers');
      writeFileSync(`${torn}.abc123.tmp`, 'half');
      const { reporter, warnings } = recording();

      // Act
      const again = await StateStore.open({ dir, reporter });
      const reopened = await again.service('s').collection<string>('items', { version: 1 });

      // Assess
      expect([...reopened.keys()]).toEqual(['whole']);
      expect(warnings.join('\n')).toMatch(/state s\/items: .* is unreadable .*; the record is dropped/);
      expect(recordFiles(path.join(dir, 's', 'items'))).toHaveLength(1);
      await again.close();
    });
  });

  describe('schema versions', () => {
    it('migrates older records step by step at open, and writes them back migrated', async () => {
      // Prepare: version 1 records
      const dir = tempDir();
      const v1 = await StateStore.open({ dir, reporter: quiet() });
      const people = await v1.service('s').collection<{ name: string }>('people', { version: 1 });
      await people.put('ann', { name: 'Ann Lee' });
      await people.put('gone', { name: 'Gone' });
      await v1.close();

      // Act: version 3 splits the name (2), then drops records named Gone (3)
      const v3 = await StateStore.open({ dir, reporter: quiet() });
      const migrated = await v3.service('s').collection<{ first: string; last: string }>('people', {
        version: 3,
        migrations: {
          2: (old: { name: string }) => ({ first: old.name.split(' ')[0], last: old.name.split(' ')[1] ?? '' }),
          3: (old: { first: string; last: string }) => (old.first === 'Gone' ? undefined : old),
        },
      });
      await v3.close();

      // Assess
      expect([...migrated.entries()]).toEqual([['ann', { first: 'Ann', last: 'Lee' }]]);
      const files = recordFiles(path.join(dir, 's', 'people'));
      expect(files.map((file) => JSON.parse(readFileSync(file, 'utf8')))).toEqual([{ key: 'ann', version: 3, value: { first: 'Ann', last: 'Lee' } }]);
    });

    it('refuses records of a newer schema than the code knows, saying how to get out', async () => {
      const dir = tempDir();
      const newer = await StateStore.open({ dir, reporter: quiet() });
      await (await newer.service('s').collection('items', { version: 4, migrations: { 2: (v) => v, 3: (v) => v, 4: (v) => v } })).put('a', 1);
      await newer.close();

      const older = await StateStore.open({ dir, reporter: quiet() });
      const error = await older.service('s').collection('items', { version: 2, migrations: { 2: (v) => v } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StateVersionError);
      expect((error as StateVersionError).message).toBe('The state collection s/items holds records of schema version 4; this local cloud knows versions up to 2');
      await older.close();
    });

    it('a version without its migration is a programming error at open', async () => {
      const store = await StateStore.open({ reporter: quiet() });
      await expect(store.service('s').collection('items', { version: 2 })).rejects.toThrow('no migration to schema version 2');
    });
  });

  describe('lifecycle', () => {
    it('one process per state directory: a second open is StateInUseError; a stale lock is taken over', async () => {
      // Prepare
      const dir = tempDir();
      const holder = await StateStore.open({ dir, reporter: quiet() });

      // Act
      const second = await StateStore.open({ dir, reporter: quiet() }).catch((e: unknown) => e);
      await holder.announce('http://127.0.0.1:4999');
      const announced = stateHolder(dir);
      await holder.close();
      writeFileSync(path.join(dir, 'lock.json'), JSON.stringify({ pid: deadPid(), startedAt: 'then' }));
      const afterCrash = await StateStore.open({ dir, reporter: quiet() });

      // Assess
      expect(second).toBeInstanceOf(StateInUseError);
      expect((second as StateInUseError).resolution).toContain('--state-dir');
      expect(announced).toMatchObject({ pid: process.pid, endpoint: 'http://127.0.0.1:4999' });
      expect(stateHolder(dir)?.pid).toBe(process.pid);
      await afterCrash.close();
      expect(stateHolder(dir)).toBeUndefined();
    });

    it('--reset wipes everything a service kept, collections and engine directories alike', async () => {
      const dir = tempDir();
      const first = await StateStore.open({ dir, reporter: quiet() });
      await (await first.service('s').collection<string>('items', { version: 1 })).put('a', 'A');
      writeFileSync(path.join((await first.service('s').directory('engine'))!, 'data'), 'x');
      await first.close();

      const reset = await StateStore.open({ dir, reset: true, reporter: quiet() });
      const items = await reset.service('s').collection<string>('items', { version: 1 });

      expect(items.size).toBe(0);
      expect(readdirSync(path.join(dir))).toEqual(['lock.json']);
      await reset.close();
    });

    it('clear (the console’s reset) empties every service but those kept, and new owners reopen their collections empty', async () => {
      const dir = tempDir();
      const store = await StateStore.open({ dir, reporter: quiet() });
      await (await store.service('cloud').collection<string>('ids', { version: 1 })).put('seed', 'abc');
      await (await store.service('cognito').collection<string>('users', { version: 1 })).put('ann', 'Ann');
      await store.service('s3').directory('blobs');

      await store.clear(['cloud']);

      expect(readdirSync(dir).sort()).toEqual(['cloud', 'lock.json']);
      expect([...(await store.service('cognito').collection<string>('users', { version: 1 })).entries()]).toEqual([]);
      await store.close();
      const reopened = await StateStore.open({ dir, reporter: quiet() });
      expect((await reopened.service('cloud').collection<string>('ids', { version: 1 })).get('seed')).toBe('abc');
      await reopened.close();
    });

    it('reads another process’s state read-only: nothing repaired, nothing written', async () => {
      const dir = tempDir();
      const owner = await StateStore.open({ dir, reporter: quiet() });
      await (await owner.service('s').collection<string>('items', { version: 1 })).put('a', 'A');
      mkdirSync(path.join(dir, 's', 'items', 'zz'), { recursive: true });
      writeFileSync(path.join(dir, 's', 'items', 'zz', 'x.json.1.tmp'), 'half');

      const reader = await StateStore.readOnly(dir, quiet()).service('s').collection<string>('items', { version: 1 });

      expect(reader.get('a')).toBe('A');
      await expect(reader.put('b', 'B')).rejects.toThrow('read-only');
      expect(recordFiles(path.join(dir, 's', 'items'))).toHaveLength(2);
      await owner.close();
    });

    it('imports a file an earlier layout left, once', async () => {
      const dir = tempDir();
      mkdirSync(path.join(dir, 's'), { recursive: true });
      writeFileSync(path.join(dir, 's', 'old.json'), JSON.stringify({ a: 1 }));
      const store = await StateStore.open({ dir, reporter: quiet() });
      const legacy = await store.service('s').legacyJson<{ a: number }>('old.json');
      expect(legacy?.value).toEqual({ a: 1 });
      await legacy!.remove();
      expect(await store.service('s').legacyJson('old.json')).toBeUndefined();
      await store.close();
    });
  });
});
