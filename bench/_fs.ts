import { DiskBlobStore } from '../local/s3/store/blobStore';
import { ObjectStore } from '../local/s3/store/objectStore';
import { mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Reporter } from '../local';
const dir = mkdtempSync('/work/main/.amplify/fsb-');
const store = await ObjectStore.open(dir, new Reporter({ level: 'silent' }).for('s3'));
await store.addBucket('b');
const body = randomBytes(1 << 20);
const chunks = Array.from({ length: 16 }, (_, i) => body.subarray(i * 65536, (i + 1) * 65536));
async function* gen() { for (const c of chunks) yield c; }
const t = { blob: [] as number[], rec: [] as number[] };
for (let i = 0; i < 120; i++) {
  const a = performance.now();
  const blob = await store.blobs.write(gen());
  const b = performance.now();
  await store.putObject('b', { key: `k${i % 20}`, size: blob.size, etag: '"x"', lastModified: 0, headers: {}, metadata: {}, blobs: [blob.id] } as any);
  const c = performance.now();
  if (i >= 20) { t.blob.push(b - a); t.rec.push(c - b); }
}
const med = (x: number[]) => x.sort((p, q) => p - q)[x.length >> 1].toFixed(2);
console.log('blob', med(t.blob), 'record+unlink', med(t.rec));
