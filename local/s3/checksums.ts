/**
 * The additional checksums S3 supports (CRC32, CRC32C, CRC64NVME, SHA1, SHA256),
 * their header names, and the arithmetic S3 uses for multipart objects: composite
 * checksums (a checksum of the parts' checksums, `-N`) and full-object CRCs combined
 * from the parts' CRCs without reading the object again.
 */
import { createHash, type Hash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';

export const ChecksumAlgorithm = {
  CRC32: 'CRC32',
  CRC32C: 'CRC32C',
  CRC64NVME: 'CRC64NVME',
  SHA1: 'SHA1',
  SHA256: 'SHA256',
} as const;
export type ChecksumAlgorithm = (typeof ChecksumAlgorithm)[keyof typeof ChecksumAlgorithm];

export const ChecksumType = { COMPOSITE: 'COMPOSITE', FULL_OBJECT: 'FULL_OBJECT' } as const;
export type ChecksumType = (typeof ChecksumType)[keyof typeof ChecksumType];

export const CHECKSUM_ALGORITHMS = Object.values(ChecksumAlgorithm);

/** `x-amz-checksum-crc32`, … */
export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** `ChecksumCRC32`, … (the XML element and SDK member name). */
export function checksumElement(algorithm: ChecksumAlgorithm): string {
  return `Checksum${algorithm}`;
}

export function parseChecksumAlgorithm(value: string | undefined): ChecksumAlgorithm | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  return (CHECKSUM_ALGORITHMS as string[]).includes(upper) ? (upper as ChecksumAlgorithm) : undefined;
}

export function isCrc(algorithm: ChecksumAlgorithm): boolean {
  return algorithm === 'CRC32' || algorithm === 'CRC32C' || algorithm === 'CRC64NVME';
}

export interface Hasher {
  update(chunk: Buffer): void;
  /** The raw checksum bytes (big-endian for CRCs, as S3 base64-encodes them). */
  digest(): Buffer;
}

/** A reflected CRC (init and final XOR all ones) of width 32 or 64, table-driven. */
interface ReflectedCrc {
  width: 32 | 64;
  /** The reflected polynomial. */
  poly: bigint;
}

const CRC_PARAMETERS: Record<'CRC32' | 'CRC32C' | 'CRC64NVME', ReflectedCrc> = {
  CRC32: { width: 32, poly: 0xedb88320n },
  CRC32C: { width: 32, poly: 0x82f63b78n },
  CRC64NVME: { width: 64, poly: 0x9a6c9329ac4bc9b5n },
};

function crc32Table(poly: number): Uint32Array {
  const table = new Uint32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[n] = c >>> 0;
  }
  // Slicing-by-8 tables: table[k*256+n] is the CRC of byte n followed by k zero bytes.
  for (let n = 0; n < 256; n++) {
    let c = table[n];
    for (let k = 1; k < 8; k++) {
      c = table[c & 0xff] ^ (c >>> 8);
      table[k * 256 + n] = c >>> 0;
    }
  }
  return table;
}

const CRC32C_TABLE = crc32Table(0x82f63b78);

function crc32c(crc: number, data: Buffer): number {
  let c = ~crc >>> 0;
  const t = CRC32C_TABLE;
  let i = 0;
  const end8 = data.length - (data.length % 8);
  for (; i < end8; i += 8) {
    const lo = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) ^ c;
    const hi = data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24);
    c =
      t[1792 + (lo & 0xff)] ^ t[1536 + ((lo >>> 8) & 0xff)] ^ t[1280 + ((lo >>> 16) & 0xff)] ^ t[1024 + (lo >>> 24)] ^
      t[768 + (hi & 0xff)] ^ t[512 + ((hi >>> 8) & 0xff)] ^ t[256 + ((hi >>> 16) & 0xff)] ^ t[hi >>> 24];
  }
  for (; i < data.length; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC64/NVME tables split into 32-bit halves: BigInt per byte would be far too slow. */
const CRC64_TABLE_HI = new Uint32Array(256);
const CRC64_TABLE_LO = new Uint32Array(256);
{
  const polyHi = 0x9a6c9329;
  const polyLo = 0xac4bc9b5;
  for (let n = 0; n < 256; n++) {
    let hi = 0;
    let lo = n;
    for (let k = 0; k < 8; k++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        hi = (hi ^ polyHi) >>> 0;
        lo = (lo ^ polyLo) >>> 0;
      }
    }
    CRC64_TABLE_HI[n] = hi;
    CRC64_TABLE_LO[n] = lo;
  }
}

function crc64nvme(state: { hi: number; lo: number }, data: Buffer): void {
  let hi = state.hi;
  let lo = state.lo;
  const th = CRC64_TABLE_HI;
  const tl = CRC64_TABLE_LO;
  for (let i = 0; i < data.length; i++) {
    const index = (lo ^ data[i]) & 0xff;
    // (crc >>> 8) ^ table[index], on the two halves.
    lo = (((lo >>> 8) | (hi << 24)) ^ tl[index]) >>> 0;
    hi = ((hi >>> 8) ^ th[index]) >>> 0;
  }
  state.hi = hi;
  state.lo = lo;
}

function uint32Bytes(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

export function createHasher(algorithm: ChecksumAlgorithm): Hasher {
  switch (algorithm) {
    case 'CRC32': {
      let crc = 0;
      return { update: (chunk) => void (crc = zlibCrc32(chunk, crc)), digest: () => uint32Bytes(crc) };
    }
    case 'CRC32C': {
      let crc = 0;
      return { update: (chunk) => void (crc = crc32c(crc, chunk)), digest: () => uint32Bytes(crc) };
    }
    case 'CRC64NVME': {
      const state = { hi: 0xffffffff, lo: 0xffffffff };
      return {
        update: (chunk) => crc64nvme(state, chunk),
        digest: () => {
          const out = Buffer.alloc(8);
          out.writeUInt32BE(~state.hi >>> 0, 0);
          out.writeUInt32BE(~state.lo >>> 0, 4);
          return out;
        },
      };
    }
    case 'SHA1':
    case 'SHA256': {
      const hash: Hash = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256');
      return { update: (chunk) => void hash.update(chunk), digest: () => hash.digest() };
    }
  }
}

export function checksumOf(algorithm: ChecksumAlgorithm, data: Buffer): string {
  const hasher = createHasher(algorithm);
  hasher.update(data);
  return hasher.digest().toString('base64');
}

/** The raw bytes of a base64 checksum value, or undefined when it is not one of this algorithm's length. */
export function decodeChecksum(algorithm: ChecksumAlgorithm, value: string): Buffer | undefined {
  const lengths: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const raw = Buffer.from(value, 'base64');
  return raw.length === lengths[algorithm] ? raw : undefined;
}

// --- Combining CRCs (what zlib's crc32_combine does, for any reflected CRC) ---------------

/** a·b mod p in the reflected bit order (the top bit is x^0). */
function multiplyModP(a: bigint, b: bigint, crc: ReflectedCrc): bigint {
  let m = 1n << BigInt(crc.width - 1);
  let product = 0n;
  for (;;) {
    if (a & m) {
      product ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ crc.poly : b >> 1n;
  }
  return product;
}

/** x^(8·bytes) mod p. */
function xPow8nModP(bytes: number, crc: ReflectedCrc): bigint {
  let result = 1n << BigInt(crc.width - 1); // x^0
  let square = 1n << BigInt(crc.width - 2); // x^1
  // Square up to x^8 (x^(2^3)) first: each step doubles the exponent.
  for (let i = 0; i < 3; i++) square = multiplyModP(square, square, crc);
  let n = BigInt(bytes);
  while (n > 0n) {
    if (n & 1n) result = multiplyModP(square, result, crc);
    square = multiplyModP(square, square, crc);
    n >>= 1n;
  }
  return result;
}

/**
 * The CRC of A‖B from crc(A), crc(B) and B's length: how S3 computes a
 * full-object checksum of a multipart upload from its parts' checksums.
 */
export function combineCrc(algorithm: 'CRC32' | 'CRC32C' | 'CRC64NVME', crcA: Buffer, crcB: Buffer, lengthB: number): Buffer {
  const crc = CRC_PARAMETERS[algorithm];
  const a = BigInt(`0x${crcA.toString('hex')}`);
  const b = BigInt(`0x${crcB.toString('hex')}`);
  const combined = multiplyModP(xPow8nModP(lengthB, crc), a, crc) ^ b;
  return Buffer.from(combined.toString(16).padStart(crc.width / 4, '0'), 'hex');
}

/** The CRC of nothing: the starting point when combining parts. */
export function emptyChecksum(algorithm: ChecksumAlgorithm): Buffer {
  return createHasher(algorithm).digest();
}
