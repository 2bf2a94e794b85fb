import { describe, expect, it } from 'vitest';
import type { SignedRequest } from '../../../../local/iam/types';
import { signRequest, startIam } from './helpers';

/** Signed streaming uploads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): seed and chunk signatures. */
describe('chunk signatures', () => {
  // The example of "Signature Calculations for the Authorization Header: Transferring Payload
  // in Multiple Chunks" in the Amazon S3 API Reference: 64 KiB + 1 KiB of 'a', then the final chunk.
  const example: SignedRequest = {
    method: 'PUT',
    rawPath: '/examplebucket/chunkObject.txt',
    rawQuery: '',
    headers: {
      host: 's3.amazonaws.com',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '66560',
      'content-length': '66824',
    },
  };
  const exampleIam = () =>
    startIam({ iam: { rootCredentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, now: () => Date.UTC(2013, 4, 24) } });

  it("verifies the seed and every chunk of AWS's documented example", async () => {
    // Prepare
    const { iam } = await exampleIam();

    // Act
    const verifier = iam.chunkSignatureVerifier(example);

    // Assess
    expect(verifier.verifyChunk(Buffer.alloc(65536, 'a'), 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648')).toBe(true);
    expect(verifier.verifyChunk(Buffer.alloc(1024, 'a'), '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497')).toBe(true);
    expect(verifier.verifyChunk(Buffer.alloc(0), 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9')).toBe(true);
  });

  it('refuses a changed chunk, and chunks out of order', async () => {
    // Prepare
    const { iam } = await exampleIam();
    const tampered = iam.chunkSignatureVerifier(example);
    const reordered = iam.chunkSignatureVerifier(example);

    // Act + Assess
    expect(tampered.verifyChunk(Buffer.alloc(65536, 'b'), 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648')).toBe(false);
    expect(reordered.verifyChunk(Buffer.alloc(1024, 'a'), '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497')).toBe(false);
  });

  it('is only for signed streaming uploads', async () => {
    // Prepare
    const { iam } = await startIam();
    const request = await signRequest({ service: 's3', method: 'PUT', path: '/bucket/key', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });

    // Act + Assess
    expect(() => iam.chunkSignatureVerifier(request)).toThrow(/Chunk signatures belong to STREAMING-AWS4-HMAC-SHA256-PAYLOAD uploads/);
  });
});
