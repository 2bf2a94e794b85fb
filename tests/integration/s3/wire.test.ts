import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { filesBucket, ROOT, startS3Cloud } from './helpers';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Wire-format tests with hand-made (but properly signed) HTTP requests: the shapes the
 * SDK never sends — malformed XML, oversized bodies, unknown methods and subresources.
 */
describe('S3 on the wire', () => {
  let cloud: LocalCloud;
  let bucket: string;
  let agent: Agent;
  const signer = new SignatureV4({ credentials: ROOT, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false });

  beforeAll(async () => {
    cloud = await startS3Cloud({ limits: { maxObjectSize: 1024 * 1024 } });
    bucket = filesBucket(cloud);
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterAll(async () => {
    agent?.destroy();
    await cloud?.stop();
  });

  async function send(method: string, path: string, options: { query?: Record<string, string>; headers?: Record<string, string>; body?: string | Buffer; sign?: boolean } = {}): Promise<RawResponse> {
    const url = new URL(cloud.endpoint);
    const body = options.body ?? '';
    const headers: Record<string, string> = {
      host: url.host,
      'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
      ...(options.headers ?? {}),
    };
    const signed =
      options.sign === false
        ? { headers }
        : await signer.sign({ method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query: options.query ?? {}, headers, body });
    const query = new URLSearchParams(options.query ?? {}).toString();
    return new Promise((resolve, reject) => {
      const req = httpRequest({ agent, host: url.hostname, port: url.port, method, path: `${path}${query ? `?${query}` : ''}`, headers: signed.headers as Record<string, string> }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  const xmlCode = (body: string) => /<Code>([^<]*)<\/Code>/.exec(body)?.[1];

  describe('serialization', () => {
    it('errors are S3 XML documents with Code, Message, the resource, RequestId and HostId, matching the headers', async () => {
      // Act
      const response = await send('GET', `/${bucket}/missing/key.txt`);

      // Assess
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('application/xml');
      expect(response.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>missing\/key.txt<\/Key><RequestId>[0-9A-F]{16}<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/);
      expect(response.body).toContain(`<RequestId>${response.headers['x-amz-request-id']}</RequestId>`);
      expect(response.body).toContain(`<HostId>${response.headers['x-amz-id-2']}</HostId>`);
      expect(response.headers['x-amzn-requestid']).toBeUndefined();
    });

    it('successful responses carry x-amz-request-id and x-amz-id-2', async () => {
      const response = await send('PUT', `/${bucket}/wire/ok.txt`, { body: 'ok' });
      expect(response.status).toBe(200);
      expect(response.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
      expect(response.headers['x-amz-id-2']).toBeTruthy();
      expect(response.headers.etag).toBe(`"${createHash('md5').update('ok').digest('hex')}"`);
    });
  });

  describe('validation', () => {
    it('DeleteObjects with malformed XML is MalformedXML (400)', async () => {
      const body = '<Delete><Object><Key>a</Key></Object>';
      const response = await send('POST', `/${bucket}`, { query: { delete: '' }, body, headers: { 'content-md5': createHash('md5').update(body).digest('base64') } });
      expect(response.status).toBe(400);
      expect(xmlCode(response.body)).toBe('MalformedXML');
      expect(response.body).toContain('The XML you provided was not well-formed or did not validate against our published schema');
    });

    it('DeleteObjects without Content-MD5 or a checksum is InvalidRequest', async () => {
      const response = await send('POST', `/${bucket}`, { query: { delete: '' }, body: '<Delete><Object><Key>a</Key></Object></Delete>' });
      expect(response.status).toBe(400);
      expect(xmlCode(response.body)).toBe('InvalidRequest');
    });

    it('CompleteMultipartUpload with malformed XML or no parts is MalformedXML', async () => {
      // Prepare
      const created = await send('POST', `/${bucket}/wire/mp`, { query: { uploads: '' } });
      const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.body)![1];

      // Act
      const broken = await send('POST', `/${bucket}/wire/mp`, { query: { uploadId }, body: '<CompleteMultipartUpload><Part>' });
      const empty = await send('POST', `/${bucket}/wire/mp`, { query: { uploadId }, body: '<CompleteMultipartUpload></CompleteMultipartUpload>' });
      const wrongRoot = await send('POST', `/${bucket}/wire/mp`, { query: { uploadId }, body: '<Other/>' });

      // Assess
      for (const response of [broken, empty, wrongRoot]) {
        expect(response.status).toBe(400);
        expect(xmlCode(response.body)).toBe('MalformedXML');
      }
    });

    it('a Content-Length over the limit is EntityTooLarge before the body is read, and the server keeps serving', async () => {
      // Prepare: a properly signed request declaring 5 GiB.
      const url = new URL(cloud.endpoint);
      const size = String(5 * 1024 ** 3);
      const signed = await signer.sign({
        method: 'PUT',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: `/${bucket}/wire/huge`,
        headers: { host: url.host, 'content-length': size, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      });
      const head = Object.entries(signed.headers).map(([name, value]) => `${name}: ${value}`).join('\r\n');

      // Act: send a few bytes of it and read the answer.
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(`PUT /${bucket}/wire/huge HTTP/1.1\r\n${head}\r\n\r\nsome bytes`);
        });
        let received = '';
        socket.on('data', (chunk) => {
          received += chunk.toString('utf8');
          if (received.includes('</Error>')) {
            socket.destroy();
            resolve(received);
          }
        });
        socket.on('error', reject);
      });

      // Assess
      expect(answer).toMatch(/^HTTP\/1.1 400/);
      expect(answer).toContain('<Code>EntityTooLarge</Code>');
      expect(answer).toContain(`<ProposedSize>${5 * 1024 ** 3}</ProposedSize>`);
      expect(answer.toLowerCase()).toContain('connection: close');
      expect((await send('GET', `/${bucket}/wire/ok.txt`)).status).toBe(200);
    });

    it('a streamed body over the limit is EntityTooLarge; nothing is stored', async () => {
      const response = await send('PUT', `/${bucket}/wire/too-big`, { body: Buffer.alloc(1024 * 1024 + 1) });
      expect(response.status).toBe(400);
      expect(xmlCode(response.body)).toBe('EntityTooLarge');
      expect((await send('GET', `/${bucket}/wire/too-big`)).status).toBe(404);
    });

    it('an unsupported method on an object is MethodNotAllowed (405)', async () => {
      const response = await send('PATCH', `/${bucket}/wire/ok.txt`);
      expect(response.status).toBe(405);
      expect(xmlCode(response.body)).toBe('MethodNotAllowed');
    });

    it('a subresource the local S3 does not serve is NotImplemented, naming it', async () => {
      const response = await send('GET', `/${bucket}/wire/ok.txt`, { query: { acl: '' } });
      expect(response.status).toBe(501);
      expect(xmlCode(response.body)).toBe('NotImplemented');
      expect(response.body).toContain('ACL operations');
    });

    it('a path that is not valid percent-encoding is InvalidURI', async () => {
      const response = await send('GET', `/${bucket}/bad%ZZkey`, { sign: false });
      expect(response.status).toBe(400);
      expect(xmlCode(response.body)).toBe('InvalidURI');
    });

    it('a header-signed request without x-amz-content-sha256 is rejected', async () => {
      const url = new URL(cloud.endpoint);
      const bare = new SignatureV4({ credentials: ROOT, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
      const signed = await bare.sign({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: `/${bucket}/wire/ok.txt`, headers: { host: url.host } });
      expect(signed.headers['x-amz-content-sha256']).toBeUndefined();
      const response = await fetch(`${cloud.endpoint}/${bucket}/wire/ok.txt`, { headers: signed.headers as Record<string, string> });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('x-amz-content-sha256');
    });

    it('a wrong aws-chunked trailer checksum is BadDigest; a truncated chunked body is IncompleteBody', async () => {
      const chunked = (trailer: string) => `5\r\nhello\r\n0\r\nx-amz-checksum-crc32:${trailer}\r\n\r\n`;
      const headers = {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': '5',
        'x-amz-trailer': 'x-amz-checksum-crc32',
      };
      const wrong = await send('PUT', `/${bucket}/wire/chunked`, { headers, body: chunked('AAAAAA==') });
      const right = await send('PUT', `/${bucket}/wire/chunked`, { headers, body: chunked('NhCmhg==') });
      const truncated = await send('PUT', `/${bucket}/wire/chunked2`, { headers, body: '5\r\nhel' });
      expect(xmlCode(wrong.body)).toBe('BadDigest');
      expect(right.status).toBe(200);
      expect(right.headers['x-amz-checksum-crc32']).toBe('NhCmhg==');
      expect(truncated.status).toBe(400);
      expect(xmlCode(truncated.body)).toBe('IncompleteBody');
    });

    it('a chunk-signed streaming upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) is verified chunk by chunk', async () => {
      // Prepare: the seed signature from the signer, then each chunk's signature chained from it.
      const upload = async (chunks: Buffer[], tamper?: (encoded: Buffer) => Buffer) => {
        const url = new URL(cloud.endpoint);
        const decodedLength = chunks.reduce((n, c) => n + c.length, 0);
        const signed = await signer.sign({
          method: 'PUT',
          protocol: 'http:',
          hostname: url.hostname,
          port: Number(url.port),
          path: `/${bucket}/wire/signed-chunks`,
          headers: {
            host: url.host,
            'content-encoding': 'aws-chunked',
            'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
            'x-amz-decoded-content-length': String(decodedLength),
          },
        });
        const headers = signed.headers as Record<string, string>;
        const amzDate = headers['x-amz-date'];
        const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
        let key = createHmac('sha256', `AWS4${ROOT.secretAccessKey}`).update(amzDate.slice(0, 8)).digest();
        for (const part of ['us-east-1', 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
        let previous = /Signature=([0-9a-f]+)/.exec(headers.authorization)![1];
        const emptyHash = createHash('sha256').update('').digest('hex');
        const pieces: Buffer[] = [];
        for (const chunk of [...chunks, Buffer.alloc(0)]) {
          const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, emptyHash, createHash('sha256').update(chunk).digest('hex')].join('\n');
          previous = createHmac('sha256', key).update(toSign).digest('hex');
          pieces.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${previous}\r\n`), chunk, Buffer.from('\r\n'));
        }
        const body = tamper ? tamper(Buffer.concat(pieces)) : Buffer.concat(pieces);
        return fetch(`${cloud.endpoint}/${bucket}/wire/signed-chunks`, { method: 'PUT', headers: { ...headers, 'content-length': String(body.length) }, body: new Uint8Array(body) });
      };

      // Act
      const good = await upload([Buffer.from('first chunk '), Buffer.from('second chunk')]);
      const tampered = await upload([Buffer.from('first chunk '), Buffer.from('second chunk')], (encoded) => Buffer.from(encoded.toString('latin1').replace('second', 'SECOND'), 'latin1'));

      // Assess
      expect(good.status).toBe(200);
      expect((await send('GET', `/${bucket}/wire/signed-chunks`)).body).toBe('first chunk second chunk');
      expect(tampered.status).toBe(403);
      expect(xmlCode(await tampered.text())).toBe('SignatureDoesNotMatch');
      expect((await send('GET', `/${bucket}/wire/signed-chunks`)).body).toBe('first chunk second chunk');
    });

    it('after a run of bad requests on one keep-alive connection, good ones still succeed', async () => {
      for (let i = 0; i < 3; i++) {
        expect((await send('POST', `/${bucket}`, { query: { delete: '' }, body: '<<<', headers: { 'content-md5': createHash('md5').update('<<<').digest('base64') } })).status).toBe(400);
        expect((await send('GET', `/${bucket}/nope`, { headers: { 'x-amz-content-sha256': 'nothex' } })).status).toBe(400);
        expect((await send('PUT', `/${bucket}/wire/sig`, { body: 'x', headers: { 'x-amz-content-sha256': createHash('sha256').update('y').digest('hex') } })).status).toBe(400);
      }
      expect((await send('GET', `/${bucket}/wire/ok.txt`)).body).toBe('ok');
    });
  });
});
