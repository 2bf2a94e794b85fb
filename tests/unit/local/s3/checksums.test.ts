import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checksumOf, combineCrc, createHasher, decodeChecksum, parseChecksumAlgorithm } from '../../../../local/s3/checksums';

describe('checksums', () => {
  it.each([
    ['CRC32', 'cbf43926'],
    ['CRC32C', 'e3069283'],
    ['CRC64NVME', 'ae8b14860a799888'],
  ] as const)('%s of "123456789" is the catalogued check value', (algorithm, check) => {
    expect(Buffer.from(checksumOf(algorithm, Buffer.from('123456789')), 'base64').toString('hex')).toBe(check);
  });

  it('SHA1 and SHA256 are the digests, base64', () => {
    expect(checksumOf('SHA256', Buffer.from('abc'))).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
    expect(checksumOf('SHA1', Buffer.from('abc'))).toBe('qZk+NkcGgWq6PiVxeFDCbJzQ2J0=');
  });

  it('CRCs of the empty input are zero', () => {
    expect(checksumOf('CRC32', Buffer.alloc(0))).toBe('AAAAAA==');
    expect(checksumOf('CRC64NVME', Buffer.alloc(0))).toBe('AAAAAAAAAAA=');
  });

  it.each(['CRC32', 'CRC32C', 'CRC64NVME'] as const)('%s is the same fed in pieces of any size', (algorithm) => {
    const data = randomBytes(10_007);
    const hasher = createHasher(algorithm);
    for (let i = 0; i < data.length; i += 333) hasher.update(data.subarray(i, i + 333));
    expect(hasher.digest().toString('base64')).toBe(checksumOf(algorithm, data));
  });

  it.each(['CRC32', 'CRC32C', 'CRC64NVME'] as const)('combineCrc(%s) gives the CRC of the concatenation', (algorithm) => {
    for (const [a, b] of [[1, 1], [0, 5], [1000, 0], [5 * 1024 * 1024, 12_345]]) {
      const first = randomBytes(a);
      const second = randomBytes(b);
      const combined = combineCrc(algorithm, Buffer.from(checksumOf(algorithm, first), 'base64'), Buffer.from(checksumOf(algorithm, second), 'base64'), b);
      expect(combined.toString('base64')).toBe(checksumOf(algorithm, Buffer.concat([first, second])));
    }
  });

  it('decodeChecksum accepts base64 of the algorithm\'s length only', () => {
    expect(decodeChecksum('CRC32', 'NhCmhg==')).toHaveLength(4);
    expect(decodeChecksum('CRC32', 'AAAAAAAAAAA=')).toBeUndefined();
    expect(decodeChecksum('SHA256', 'not base64!')).toBeUndefined();
  });

  it('parseChecksumAlgorithm is case-insensitive and refuses the unknown', () => {
    expect(parseChecksumAlgorithm('crc64nvme')).toBe('CRC64NVME');
    expect(parseChecksumAlgorithm('md5')).toBeUndefined();
  });
});
