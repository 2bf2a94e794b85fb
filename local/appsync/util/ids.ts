import { randomBytes, randomUUID } from 'node:crypto';

/**
 * `$util.autoId()` / `util.autoId()`: a random (version 4) UUID.
 * @example
 * autoId() // '4f1c8a0e-3d6b-4c2a-9f7e-2b1d0c9a8e7f'
 */
export function autoId(): string {
  return randomUUID();
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * `autoUlid()`: a ULID — 48 bits of milliseconds then 80 random bits, in
 * Crockford base32 (26 characters), so ids sort by creation time.
 * @example
 * autoUlid() // '01HZX3K5Q8T9V2W4Y6A8C0E2G4'
 */
export function autoUlid(now: number = Date.now()): string {
  let time = '';
  let ms = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  const random = randomBytes(10);
  let bits = 0n;
  for (const byte of random) bits = (bits << 8n) | BigInt(byte);
  let tail = '';
  for (let i = 0; i < 16; i++) {
    tail = CROCKFORD[Number(bits & 31n)] + tail;
    bits >>= 5n;
  }
  return time + tail;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** KSUID's epoch: 2014-05-13T16:53:20Z. */
const KSUID_EPOCH_SECONDS = 1_400_000_000;

/**
 * `autoKsuid()`: a KSUID — 32 bits of seconds since the KSUID epoch and 128
 * random bits, base62-encoded to 27 characters.
 * @example
 * autoKsuid() // '2Bv1x9LuHcG6sD8mQm0bYJ4tN3a'
 */
export function autoKsuid(now: number = Date.now()): string {
  const bytes = Buffer.alloc(20);
  bytes.writeUInt32BE(Math.max(0, Math.floor(now / 1000) - KSUID_EPOCH_SECONDS), 0);
  randomBytes(16).copy(bytes, 4);
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = '';
  while (value > 0n) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(27, '0');
}
