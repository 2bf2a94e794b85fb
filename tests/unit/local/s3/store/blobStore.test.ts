import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskBlobStore, MemoryBlobStore, type BlobStore } from '../../../../../local/s3/store/blobStore';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function* chunksOf(text: string, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < text.length; i += size) yield Buffer.from(text.slice(i, i + size));
}

async function readAll(store: BlobStore, ranges: Parameters<BlobStore['open']>[0]): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of await store.open(ranges)) out.push(chunk);
  return Buffer.concat(out).toString();
}

const stores: [string, () => Promise<BlobStore>][] = [
  ['memory', async () => new MemoryBlobStore()],
  [
    'disk',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'flare-blobs-'));
      dirs.push(dir);
      return DiskBlobStore.open(dir);
    },
  ],
];

describe.each(stores)('%s blob store', (_name, open) => {
  it('reads ranges that start, end and cross inside the chunks a blob arrived in, across blobs', async () => {
    const store = await open();
    const a = await store.write(chunksOf('abcdefghij', 3)); // abc def ghi j
    const b = await store.write(chunksOf('KLMNOP', 4)); // KLMN OP
    expect([a.size, b.size, await store.size(a.id), await store.size('absent')]).toEqual([10, 6, 10, undefined]);

    expect(await readAll(store, [{ id: a.id, start: 0, end: 10 }])).toBe('abcdefghij');
    expect(await readAll(store, [{ id: a.id, start: 2, end: 7 }])).toBe('cdefg');
    expect(await readAll(store, [{ id: a.id, start: 4, end: 5 }])).toBe('e');
    expect(await readAll(store, [{ id: a.id, start: 8, end: 10 }, { id: b.id, start: 0, end: 5 }])).toBe('ijKLMNO');
    expect(await readAll(store, [{ id: a.id, start: 3, end: 3 }, { id: b.id, start: 5, end: 6 }])).toBe('P');
  });

  it('an opened range keeps its bytes after the blob is removed', async () => {
    const store = await open();
    const a = await store.write(chunksOf('keep me', 2));
    const reader = await store.open([{ id: a.id, start: 0, end: 7 }]);
    await store.remove(a.id);
    const out: Buffer[] = [];
    for await (const chunk of reader) out.push(chunk);
    expect(Buffer.concat(out).toString()).toBe('keep me');
    expect(await store.ids()).not.toContain(a.id);
  });
});
