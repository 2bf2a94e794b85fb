import { presignUrl, UNSIGNED_PAYLOAD } from '@aws-amplify/core/internals/aws-client-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { SigV4Error, type IamService, type SignedRequest } from '../../../../local/iam/types';
import { presignRequest, signRequest, startIam, T0, type StartedIam } from './helpers';

/** The SigV4Error `fn` throws (failing the test when it throws nothing or something else). */
function sigV4Error(fn: () => unknown): SigV4Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof SigV4Error) return error;
    throw error;
  }
  throw new Error('expected a SigV4Error, but nothing was thrown');
}

const MINUTE = 60_000;

describe('SigV4 verification', () => {
  let started: StartedIam;
  let iam: IamService;
  beforeAll(async () => {
    started = await startIam();
    iam = started.iam;
  });
  const at = (time: number, fn: () => unknown) => {
    const saved = started.clock.now;
    started.clock.now = time;
    try {
      return fn();
    } finally {
      started.clock.now = saved;
    }
  };

  describe('header-signed requests', () => {
    it('accepts the root credentials on a JSON-protocol POST and names the root', async () => {
      // Prepare
      const request = await signRequest({ headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' });

      // Act
      const principal = iam.authenticate(request);

      // Assess
      expect(principal).toMatchObject({ kind: 'root', accountId: '000000000000', arn: 'arn:aws:iam::000000000000:root', accessKeyId: 'test' });
    });

    it("verifies AWS's documented example (IAM ListUsers, AKIDEXAMPLE, 2015-08-30)", async () => {
      // Prepare: the example of "Create a signed AWS API request" in the IAM User Guide
      const { iam: exampleIam } = await startIam({ iam: { rootCredentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, now: () => Date.UTC(2015, 7, 30, 12, 36) } });
      const request: SignedRequest = {
        method: 'GET',
        rawPath: '/',
        rawQuery: 'Action=ListUsers&Version=2010-05-08',
        headers: {
          host: 'iam.amazonaws.com',
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          'x-amz-date': '20150830T123600Z',
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
        },
      };

      // Act + Assess
      expect(exampleIam.authenticate(request).kind).toBe('root');
    });

    it('rejects a signature made with another secret: SignatureDoesNotMatch with the canonical request', async () => {
      // Prepare
      const request = await signRequest({ credentials: { accessKeyId: 'test', secretAccessKey: 'not-the-secret' }, body: '{}' });

      // Act
      const error = sigV4Error(() => iam.authenticate(request));

      // Assess
      expect(error.code).toBe('SignatureDoesNotMatch');
      expect(error.statusCode).toBe(403);
      expect(error.message).toMatch(/^The request signature we calculated does not match the signature you provided/);
      expect(error.details.CanonicalRequest).toContain('POST\n/\n\n');
    });

    it('rejects a request whose signed header was changed on the way', async () => {
      // Prepare
      const request = await signRequest({ headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem' }, body: '{}' });
      request.headers['x-amz-target'] = 'DynamoDB_20120810.DeleteTable';

      // Act + Assess
      expect(sigV4Error(() => iam.authenticate(request)).code).toBe('SignatureDoesNotMatch');
    });

    it('ignores headers that were not signed', async () => {
      // Prepare
      const request = await signRequest({ body: '{}' });
      request.headers['user-agent'] = 'added by a proxy';

      // Act + Assess
      expect(iam.authenticate(request).kind).toBe('root');
    });

    it('rejects an unknown access key id: InvalidClientTokenId', async () => {
      // Prepare
      const request = await signRequest({ credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x' } });

      // Act
      const error = sigV4Error(() => iam.authenticate(request));

      // Assess
      expect(error.code).toBe('InvalidClientTokenId');
      expect(error.message).toBe('The security token included in the request is invalid.');
    });

    it('rejects the root key presented with a session token', async () => {
      // Prepare
      const request = await signRequest({ credentials: { accessKeyId: 'test', secretAccessKey: 'test', sessionToken: 'whatever' } });

      // Act + Assess
      expect(sigV4Error(() => iam.authenticate(request)).code).toBe('InvalidClientTokenId');
    });

    it('answers a request without any signature with MissingAuthenticationToken', () => {
      // Prepare
      const request: SignedRequest = { method: 'GET', rawPath: '/', rawQuery: '', headers: { host: '127.0.0.1:4566' } };

      // Act
      const error = sigV4Error(() => iam.authenticate(request));

      // Assess
      expect(error.code).toBe('MissingAuthenticationToken');
    });

    it('answers a malformed Authorization header with IncompleteSignature naming what is missing', () => {
      // Prepare
      const request: SignedRequest = {
        method: 'GET',
        rawPath: '/',
        rawQuery: '',
        headers: { host: 'h', 'x-amz-date': '20260301T120000Z', authorization: 'AWS4-HMAC-SHA256 Credential=test/20260301/us-east-1/s3/aws4_request' },
      };

      // Act
      const error = sigV4Error(() => iam.authenticate(request));

      // Assess
      expect(error.code).toBe('IncompleteSignature');
      expect(error.message).toContain("Authorization header requires 'SignedHeaders' parameter.");
      expect(error.message).toContain("Authorization header requires 'Signature' parameter.");
    });

    it('refuses other signature schemes by name', () => {
      // Prepare
      const request: SignedRequest = { method: 'GET', rawPath: '/', rawQuery: '', headers: { authorization: 'AWS test:c2lnbmF0dXJl' } };

      // Act + Assess
      expect(sigV4Error(() => iam.authenticate(request)).message).toMatch(/Unsupported authorization scheme 'AWS'/);
    });
  });

  describe('payload hash', () => {
    it('rejects a body changed after signing when x-amz-content-sha256 was not sent (the hash is recomputed)', async () => {
      // Prepare
      const request = await signRequest({ body: '{"TableName":"a"}', applyChecksum: false });
      request.body = Buffer.from('{"TableName":"b"}');

      // Act + Assess
      expect(sigV4Error(() => iam.authenticate(request)).code).toBe('SignatureDoesNotMatch');
    });

    it('rejects a body that does not hash to x-amz-content-sha256: XAmzContentSHA256Mismatch', async () => {
      // Prepare
      const request = await signRequest({ service: 's3', method: 'PUT', path: '/bucket/key', body: 'hello' });
      request.body = Buffer.from('HELLO');

      // Act
      const error = sigV4Error(() => iam.authenticate(request));

      // Assess
      expect(error.code).toBe('XAmzContentSHA256Mismatch');
      expect(error.statusCode).toBe(400);
    });

    it('accepts UNSIGNED-PAYLOAD for S3 whatever the body', async () => {
      // Prepare
      const request = await signRequest({ service: 's3', method: 'PUT', path: '/bucket/key', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
      request.body = Buffer.from('anything at all');

      // Act + Assess
      expect(iam.authenticate(request).kind).toBe('root');
    });

    it.each(['STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'])(
      'takes %s as the payload hash and verifies the seed signature of a streamed upload',
      async (payloadHash) => {
        // Prepare: the SDK's streamed PutObject (aws-chunked); the body is not buffered
        const headers = { 'x-amz-content-sha256': payloadHash, 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '5' };
        const request = await signRequest({ service: 's3', method: 'PUT', path: '/bucket/key', headers });
        const forged = await signRequest({ service: 's3', method: 'PUT', path: '/bucket/key', headers, credentials: { accessKeyId: 'test', secretAccessKey: 'wrong' } });

        // Act + Assess
        expect(iam.authenticate(request).kind).toBe('root');
        expect(sigV4Error(() => iam.authenticate(forged)).code).toBe('SignatureDoesNotMatch');
      },
    );

    it('requires x-amz-content-sha256 for S3 when the body is streamed', async () => {
      // Prepare
      const request = await signRequest({ service: 's3', method: 'PUT', path: '/bucket/key', applyChecksum: false });

      // Act
      const error = sigV4Error(() => iam.authenticate(request));

      // Assess
      expect(error.code).toBe('IncompleteSignature');
      expect(error.message).toBe('Missing required header for this request: x-amz-content-sha256');
    });
  });

  describe('canonical path and query', () => {
    it('signs S3 paths as sent, encoded once and not normalized', async () => {
      // Prepare: the S3 client encodes each key segment with extendedEncodeURIComponent
      const key = 'a b/c+d!(x)*/./é.txt';
      const path = `/bucket/${key.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/')}`;
      const request = await signRequest({ service: 's3', method: 'GET', path, query: { 'x-id': 'GetObject' } });

      // Act + Assess
      expect(iam.authenticate(request).kind).toBe('root');
    });

    it('double-encodes the path for other services (Lambda function ARNs in the path)', async () => {
      // Prepare
      const path = `/2015-03-31/functions/${encodeURIComponent('arn:aws:lambda:us-east-1:000000000000:function:my fn')}/invocations`;
      const request = await signRequest({ service: 'lambda', path, body: '{}' });
      const encodedOnce = await signRequest({ service: 'lambda', path, body: '{}', uriEscapePath: false });

      // Act + Assess
      expect(iam.authenticate(request).kind).toBe('root');
      expect(sigV4Error(() => iam.authenticate(encodedOnce)).code).toBe('SignatureDoesNotMatch');
    });

    it('does not double-encode S3 paths', async () => {
      // Prepare
      const request = await signRequest({ service: 's3', method: 'GET', path: '/bucket/a%20b.txt', uriEscapePath: true });

      // Act + Assess
      expect(sigV4Error(() => iam.authenticate(request)).code).toBe('SignatureDoesNotMatch');
    });

    it('normalizes dot segments for services other than S3', async () => {
      // Prepare
      const request = await signRequest({ service: 'execute-api', method: 'GET', path: '/a/./b/../c/' });

      // Act + Assess
      expect(request.rawPath).toBe('/a/./b/../c/');
      expect(iam.authenticate(request).kind).toBe('root');
    });

    it('sorts and re-encodes query parameters, repeated names included', async () => {
      // Prepare
      const request = await signRequest({ service: 's3', method: 'GET', path: '/bucket', query: { prefix: 'a b/ü', 'list-type': '2', 'z-multi': ['b', 'a'], empty: '' } });

      // Act + Assess
      expect(iam.authenticate(request).kind).toBe('root');
    });
  });

  describe('presigned URLs', () => {
    it('accepts a presigned S3 GET within X-Amz-Expires', async () => {
      // Prepare
      const request = await presignRequest({ path: '/bucket/photo.png', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, expiresIn: 900 });

      // Act + Assess
      expect(request.rawQuery).toContain('X-Amz-Signature=');
      expect(at(T0 + 899_000, () => iam.authenticate(request))).toMatchObject({ kind: 'root' });
    });

    it('rejects a replayed presigned URL after it expired: RequestExpired "Request has expired"', async () => {
      // Prepare
      const request = await presignRequest({ path: '/bucket/photo.png', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, expiresIn: 900 });

      // Act
      const error = sigV4Error(() => at(T0 + 901_000, () => iam.authenticate(request)));

      // Assess
      expect(error.code).toBe('RequestExpired');
      expect(error.message).toBe('Request has expired');
      expect(error.details).toMatchObject({ 'X-Amz-Expires': '900', Expires: '2026-03-01T12:15:00Z', ServerTime: '2026-03-01T12:15:01Z' });
    });

    it('rejects a presigned URL whose query was altered', async () => {
      // Prepare
      const request = await presignRequest({ path: '/bucket/photo.png', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
      request.rawPath = '/bucket/other.png';

      // Act + Assess
      expect(sigV4Error(() => iam.authenticate(request)).code).toBe('SignatureDoesNotMatch');
    });

    it('rejects X-Amz-Expires over a week', async () => {
      // Prepare
      const request = await presignRequest({ path: '/bucket/photo.png' });
      request.rawQuery = request.rawQuery.replace('X-Amz-Expires=900', 'X-Amz-Expires=604801');

      // Act
      const error = sigV4Error(() => iam.authenticate(request));

      // Assess
      expect(error.code).toBe('IncompleteSignature');
      expect(error.message).toBe('X-Amz-Expires must be less than a week (in seconds) that is 604800');
    });

    it("verifies aws-amplify's own presigned S3 URLs (UNSIGNED-PAYLOAD, no X-Amz-Content-Sha256)", () => {
      // Prepare: what Storage.getUrl produces
      const url = presignUrl(
        { method: 'GET', url: new URL('http://127.0.0.1:4566/bucket/public/a%20b.png?x-id=GetObject'), body: UNSIGNED_PAYLOAD },
        { credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, signingRegion: 'us-east-1', signingService: 's3', signingDate: new Date(T0), expiration: 60, uriEscapePath: false },
      );
      const request: SignedRequest = { method: 'GET', rawPath: url.pathname, rawQuery: url.search.slice(1), headers: { host: url.host } };

      // Act + Assess
      expect(iam.authenticate(request).kind).toBe('root');
      expect(sigV4Error(() => at(T0 + 61_000, () => iam.authenticate(request))).code).toBe('RequestExpired');
    });
  });

  describe('clock skew', () => {
    it('accepts a request signed 14 minutes ago', async () => {
      // Prepare
      const request = await signRequest({ signingDate: new Date(T0 - 14 * MINUTE) });

      // Act + Assess
      expect(iam.authenticate(request).kind).toBe('root');
    });

    it('rejects a request signed 16 minutes ago: RequestTimeTooSkewed, "Signature expired"', async () => {
      // Prepare
      const request = await signRequest({ signingDate: new Date(T0 - 16 * MINUTE) });

      // Act
      const error = sigV4Error(() => iam.authenticate(request));

      // Assess
      expect(error.code).toBe('RequestTimeTooSkewed');
      expect(error.message).toBe('Signature expired: 20260301T114400Z is now earlier than 20260301T114500Z (20260301T120000Z - 15 min.)');
    });

    it('rejects a request signed 16 minutes in the future: "Signature not yet current"', async () => {
      // Prepare
      const request = await signRequest({ signingDate: new Date(T0 + 16 * MINUTE) });

      // Act
      const error = sigV4Error(() => iam.authenticate(request));

      // Assess
      expect(error.code).toBe('RequestTimeTooSkewed');
      expect(error.message).toMatch(/^Signature not yet current: 20260301T121600Z is still later than 20260301T121500Z/);
    });

    it('rejects a credential scope whose date is not the request date', async () => {
      // Prepare
      const request = await signRequest();
      request.headers['x-amz-date'] = '20260302T000000Z';

      // Act + Assess
      expect(sigV4Error(() => iam.authenticate(request)).message).toMatch(/^Date in Credential scope does not match YYYYMMDD/);
    });
  });
});
