import { describe, expect, it } from 'vitest';
import { decodeAwsChunked } from '../../../../local/s3/awsChunked';

async function decode(pieces: string[]) {
  const source = (async function* () {
    for (const piece of pieces) yield Buffer.from(piece, 'latin1');
  })();
  const { data, result } = decodeAwsChunked(source);
  const out: Buffer[] = [];
  for await (const chunk of data) out.push(chunk);
  return { body: Buffer.concat(out).toString('latin1'), trailers: result.trailers };
}

describe('aws-chunked decoding', () => {
  it('decodes chunks and reads the trailers', async () => {
    const { body, trailers } = await decode(['6\r\nhello \r\n5\r\nworld\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n']);
    expect(body).toBe('hello world');
    expect(trailers).toEqual({ 'x-amz-checksum-crc32': 'DUoRhQ==' });
  });

  it('decodes the same body split at every possible point', async () => {
    const encoded = 'a\r\n0123456789\r\n3;chunk-signature=abc\r\nxyz\r\n0\r\nx-amz-checksum-sha256:abc=\r\n\r\n';
    for (let cut = 1; cut < encoded.length; cut++) {
      const { body, trailers } = await decode([encoded.slice(0, cut), encoded.slice(cut)]);
      expect(body).toBe('0123456789xyz');
      expect(trailers['x-amz-checksum-sha256']).toBe('abc=');
    }
  });

  it('accepts a body that ends right after the trailer lines', async () => {
    expect((await decode(['2\r\nok\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n'])).body).toBe('ok');
  });

  it('refuses a non-hex chunk size, a missing CRLF after data, and bytes after the end', async () => {
    await expect(decode(['zz\r\nhello\r\n0\r\n\r\n'])).rejects.toMatchObject({ code: 'InvalidRequest' });
    await expect(decode(['2\r\nokXX0\r\n\r\n'])).rejects.toMatchObject({ code: 'InvalidRequest' });
    await expect(decode(['0\r\n\r\nextra'])).rejects.toMatchObject({ code: 'InvalidRequest' });
  });

  it('a body cut short is IncompleteBody', async () => {
    await expect(decode(['5\r\nhel'])).rejects.toMatchObject({ code: 'IncompleteBody' });
    await expect(decode(['5\r\nhello\r\n'])).rejects.toMatchObject({ code: 'IncompleteBody' });
  });
});

describe('aws-chunked decoding with chunk signatures', () => {
  const verifierAccepting = (good: Set<string>, seen: string[]) => ({
    verifyChunk: (data: Buffer, signature: string) => {
      seen.push(`${data.toString('latin1')}:${signature}`);
      return good.has(signature);
    },
    verifyTrailer: (lines: string, signature: string) => {
      seen.push(`trailer ${JSON.stringify(lines)}:${signature}`);
      return good.has(signature);
    },
  });

  async function run(encoded: string, good: string[], signedTrailer = false) {
    const seen: string[] = [];
    const { data } = decodeAwsChunked(
      (async function* () {
        for (let i = 0; i < encoded.length; i += 4) yield Buffer.from(encoded.slice(i, i + 4), 'latin1');
      })(),
      { verifier: verifierAccepting(new Set(good), seen), signedTrailer },
    );
    const out: Buffer[] = [];
    for await (const chunk of data) out.push(chunk);
    return { body: Buffer.concat(out).toString('latin1'), seen };
  }

  it('verifies every chunk whole (the final empty one included) before yielding it', async () => {
    const { body, seen } = await run('5;chunk-signature=s1\r\nhello\r\n0;chunk-signature=s2\r\n\r\n', ['s1', 's2']);
    expect(body).toBe('hello');
    expect(seen).toEqual(['hello:s1', ':s2']);
  });

  it('a chunk whose signature fails is SignatureDoesNotMatch; so is a missing one', async () => {
    await expect(run('5;chunk-signature=bad\r\nhello\r\n0;chunk-signature=s2\r\n\r\n', ['s2'])).rejects.toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 403 });
    await expect(run('5\r\nhello\r\n0\r\n\r\n', [])).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('with a signed trailer, verifies the trailer lines against x-amz-trailer-signature', async () => {
    const encoded = '2;chunk-signature=a\r\nok\r\n0;chunk-signature=b\r\nx-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:t\r\n\r\n';
    const { seen } = await run(encoded, ['a', 'b', 't'], true);
    expect(seen.at(-1)).toBe('trailer "x-amz-checksum-crc32:AAAAAA==\\n":t');
    await expect(run(encoded, ['a', 'b'], true)).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});
