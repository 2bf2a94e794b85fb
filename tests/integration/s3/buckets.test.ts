import {
  DeleteObjectCommand,
  GetBucketCorsCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import type { IamService } from '../../../local/iam/types';
import { s3Service } from '../../../local/s3';
import { startTestCloud } from '../../helpers/cloud';
import { failure, s3Client } from './helpers';

const FIXTURE = path.resolve('tests/fixtures/s3');

/**
 * Bucket configuration from a hand-written assembly (tests/fixtures/s3): CORS rules with
 * named origins, versioning, a bucket policy with an anonymous read and explicit denies,
 * and a bucket deployment with a prefix, an exclude filter, metadata and markers.
 */
describe('S3 buckets from the assembly', () => {
  let cloud: LocalCloud;
  let root: S3Client;
  const bucket = 'fixture-site';
  beforeAll(async () => {
    cloud = await startTestCloud({ cdkOut: FIXTURE, services: [iamService(), s3Service()], reporter: new Reporter({ level: 'silent' }) });
    root = s3Client(cloud);
  });
  afterAll(() => cloud?.stop());

  const roleClient = (logicalId: string) => {
    const arn = String(cloud.assembly.ofType('AWS::IAM::Role').find((r) => r.logicalId === logicalId)!.getAtt('Arn'));
    return s3Client(cloud, { credentials: cloud.services.get<IamService>('iam').issueRoleCredentials(arn, { sessionName: logicalId }) });
  };

  describe('serialization', () => {
    it('ListBuckets lists the named bucket and the one CloudFormation would name', async () => {
      const { Buckets, Owner } = await root.send(new ListBucketsCommand({}));
      const names = Buckets!.map((b) => b.Name);
      expect(names).toContain('fixture-site');
      expect(names.find((n) => n !== 'fixture-site')).toMatch(/^s3-fixture-plain-[a-z0-9]{12}$/);
      expect(Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    });

    it('GetBucketLocation is empty for us-east-1; HeadBucket names the region', async () => {
      const location = await root.send(new GetBucketLocationCommand({ Bucket: bucket }));
      const head = await root.send(new HeadBucketCommand({ Bucket: bucket }));
      expect(location.LocationConstraint).toBeUndefined();
      expect(head.BucketRegion).toBe('us-east-1');
    });

    it('GetBucketVersioning reports the declared status; GetBucketCors the declared rules', async () => {
      const versioning = await root.send(new GetBucketVersioningCommand({ Bucket: bucket }));
      const cors = await root.send(new GetBucketCorsCommand({ Bucket: bucket }));
      expect(versioning.Status).toBe('Enabled');
      expect(cors.CORSRules?.[0]).toMatchObject({ AllowedMethods: ['GET', 'HEAD'], AllowedOrigins: ['https://*.example.com'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 });
    });

    it('a bucket without CORS rules answers GetBucketCors with NoSuchCORSConfiguration', async () => {
      const plain = cloud.assembly.ofType('AWS::S3::Bucket').find((b) => b.logicalId === 'Plain')!.ref();
      const error = await failure(root.send(new GetBucketCorsCommand({ Bucket: plain })));
      expect(error.name).toBe('NoSuchCORSConfiguration');
    });
  });

  describe('bucket deployments', () => {
    it('copies the sources under the prefix with the declared metadata, skipping excluded files', async () => {
      // Act
      const listed = await root.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'web/' }));
      const index = await root.send(new GetObjectCommand({ Bucket: bucket, Key: 'web/index.html' }));

      // Assess
      expect(listed.Contents?.map((c) => c.Key)).toEqual(['web/config.json', 'web/index.html', 'web/nested/style.css']);
      expect(await index.Body!.transformToString()).toBe(readFileSync(path.join(FIXTURE, 'asset.site0001/index.html'), 'utf8'));
      expect(index.ContentType).toBe('text/html');
      expect(index.CacheControl).toBe('max-age=300');
      expect(index.Metadata).toEqual({ 'deployed-by': 'cdk' });
    });

    it('replaces source markers with their (JSON-escaped) values', async () => {
      const config = await root.send(new GetObjectCommand({ Bucket: bucket, Key: 'web/config.json' }));
      expect(JSON.parse(await config.Body!.transformToString())).toEqual({ endpoint: 'https://us-east-1.example.com', name: 'say "hi"' });
      expect(config.ContentType).toBe('application/json');
    });
  });

  describe('bucket policy', () => {
    it('an anonymous request reads public/* (Principal "*") and nothing else', async () => {
      await root.send(new PutObjectCommand({ Bucket: bucket, Key: 'public/hello.txt', Body: 'public' }));
      await root.send(new PutObjectCommand({ Bucket: bucket, Key: 'private/hello.txt', Body: 'private' }));
      const publicRead = await fetch(`${cloud.endpoint}/${bucket}/public/hello.txt`);
      const privateRead = await fetch(`${cloud.endpoint}/${bucket}/private/hello.txt`);
      expect(publicRead.status).toBe(200);
      expect(await publicRead.text()).toBe('public');
      expect(privateRead.status).toBe(403);
    });

    it('an explicit Deny in the bucket policy beats an identity policy allowing s3:*', async () => {
      // Prepare
      await root.send(new PutObjectCommand({ Bucket: bucket, Key: 'protected/keep.txt', Body: 'keep' }));
      const writer = roleClient('WriterRole');

      // Act
      const error = await failure(writer.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'protected/keep.txt' })));
      await writer.send(new PutObjectCommand({ Bucket: bucket, Key: 'elsewhere.txt', Body: 'allowed' }));

      // Assess
      expect(error.name).toBe('AccessDenied');
      expect(error.message).toMatch(/with an explicit deny in a resource-based policy$/);
      expect(await (await root.send(new GetObjectCommand({ Bucket: bucket, Key: 'protected/keep.txt' }))).Body!.transformToString()).toBe('keep');
    });

    it('the explicit Deny applies to the account root too', async () => {
      const error = await failure(root.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'protected/keep.txt' })));
      expect(error.name).toBe('AccessDenied');
    });

    it('a role with no identity policy is allowed what the bucket policy grants its ARN, and nothing more', async () => {
      const reader = roleClient('ReaderRole');
      await reader.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/by-reader.txt', Body: 'x' }));
      expect((await failure(reader.send(new PutObjectCommand({ Bucket: bucket, Key: 'other/by-reader.txt', Body: 'x' })))).name).toBe('AccessDenied');
    });

    it('the aws:SecureTransport=false deny does not match loopback requests (treated as secure)', async () => {
      // The TlsOnly statement denies s3:* when aws:SecureTransport is false; every request above went through.
      const got = await root.send(new GetObjectCommand({ Bucket: bucket, Key: 'public/hello.txt' }));
      expect(await got.Body!.transformToString()).toBe('public');
    });
  });

  describe('CORS', () => {
    const preflight = (key: string, origin: string, method: string, headers?: string) =>
      fetch(`${cloud.endpoint}/${bucket}/${key}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': method, ...(headers ? { 'access-control-request-headers': headers } : {}) },
      });

    it('a preflight a rule allows gets that rule\'s headers, with the origin echoed', async () => {
      const response = await preflight('web/index.html', 'https://app.example.com', 'GET', 'authorization,x-amz-date');
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
      expect(response.headers.get('access-control-allow-headers')).toBe('authorization, x-amz-date');
      expect(response.headers.get('access-control-expose-headers')).toBe('ETag');
      expect(response.headers.get('access-control-max-age')).toBe('600');
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    });

    it('a preflight no rule allows (origin, method or header) is 403 AccessForbidden', async () => {
      for (const response of [
        await preflight('k', 'https://evil.test', 'GET'),
        await preflight('k', 'https://app.example.com', 'DELETE'),
        await preflight('k', 'https://app.example.com', 'GET', 'x-custom'),
      ]) {
        expect(response.status).toBe(403);
        const body = await response.text();
        expect(body).toContain('<Code>AccessForbidden</Code>');
        expect(body).toContain('CORSResponse: This CORS request is not allowed.');
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
      }
    });

    it('the second rule answers for its own origin and method', async () => {
      const response = await preflight('k', 'http://localhost:5173', 'PUT', 'content-type');
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-methods')).toBe('PUT');
    });

    it('a preflight to a bucket without CORS rules is 403 "CORS is not enabled for this bucket"', async () => {
      const plain = cloud.assembly.ofType('AWS::S3::Bucket').find((b) => b.logicalId === 'Plain')!.ref();
      const response = await fetch(`${cloud.endpoint}/${plain}/k`, { method: 'OPTIONS', headers: { origin: 'https://a.example.com', 'access-control-request-method': 'GET' } });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('CORSResponse: CORS is not enabled for this bucket.');
    });

    it('an actual cross-origin request gets the matching rule\'s headers; a non-matching origin gets none', async () => {
      const allowed = await fetch(`${cloud.endpoint}/${bucket}/public/hello.txt`, { headers: { origin: 'https://www.example.com' } });
      const other = await fetch(`${cloud.endpoint}/${bucket}/public/hello.txt`, { headers: { origin: 'https://evil.test' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
      expect(allowed.headers.get('access-control-expose-headers')).toBe('ETag');
      expect(other.status).toBe(200);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
