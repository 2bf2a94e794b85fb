import { GetBucketPolicyCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, DeleteObjectsCommand, CopyObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import type { IamService } from '../../../local/iam/types';
import { failure, filesBucket, roleCredentials, s3Client, startS3Cloud } from './helpers';

/**
 * Authentication (SigV4 through the local IAM service) and authorization (the roles'
 * storage policies from amplify/storage/resource.ts, plus the bucket policy), with the
 * real SDK v3 client and presigner.
 */
describe('S3 authentication and authorization', () => {
  let cloud: LocalCloud;
  let root: S3Client;
  let bucket: string;
  beforeAll(async () => {
    cloud = await startS3Cloud();
    root = s3Client(cloud);
    bucket = filesBucket(cloud);
    for (const Key of ['attachments/a.txt', 'status-assets/logo.txt', 'avatars/us-east-1:owner/me.png', 'reports/r1.txt']) {
      await root.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
    }
  });
  afterAll(() => cloud?.stop());

  const as = (rolePrefix: string, identityId?: string) => s3Client(cloud, { credentials: roleCredentials(cloud, rolePrefix, identityId) });
  const read = (client: S3Client, Key: string) => client.send(new GetObjectCommand({ Bucket: bucket, Key })).then((r) => r.Body!.transformToString());
  const write = (client: S3Client, Key: string) => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'x' }));

  describe('authentication', () => {
    it('a wrong secret key is SignatureDoesNotMatch (403) with the string to sign', async () => {
      // Prepare
      const forged = s3Client(cloud, { credentials: { accessKeyId: 'test', secretAccessKey: 'wrong' } });

      // Act
      const error = await failure(read(forged, 'attachments/a.txt'));

      // Assess
      expect(error.name).toBe('SignatureDoesNotMatch');
      expect(error.message).toBe('The request signature we calculated does not match the signature you provided. Check your key and signing method.');
      expect(error.$metadata?.httpStatusCode).toBe(403);
      expect(String(error.StringToSign)).toMatch(/^AWS4-HMAC-SHA256\n/);
      expect(error.AWSAccessKeyId).toBe('test');
    });

    it('an unknown access key is InvalidAccessKeyId (403)', async () => {
      const error = await failure(read(s3Client(cloud, { credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' } }), 'attachments/a.txt'));
      expect(error.name).toBe('InvalidAccessKeyId');
      expect(error.message).toBe('The AWS Access Key Id you provided does not exist in our records.');
      expect(error.$metadata?.httpStatusCode).toBe(403);
    });

    it('a clock 20 minutes off is RequestTimeTooSkewed (403)', async () => {
      const skewed = s3Client(cloud, { systemClockOffset: -20 * 60 * 1000, correctClockSkew: false } as never);
      const error = await failure(read(skewed, 'attachments/a.txt'));
      expect(error.name).toBe('RequestTimeTooSkewed');
      expect(error.$metadata?.httpStatusCode).toBe(403);
    });

    it('a body that does not match the signed payload hash is XAmzContentSHA256Mismatch, and nothing is stored', async () => {
      // Prepare: sign 'hello', send 'jello'.
      const command = new PutObjectCommand({ Bucket: bucket, Key: 'attachments/tampered.txt', Body: 'hello' });
      // The deserialize step runs last, after signing: the request leaves with the signature for 'hello'.
      command.middlewareStack.add(
        (next) => (args) => {
          (args.request as { body: unknown }).body = 'jello';
          return next(args);
        },
        { step: 'deserialize', priority: 'low' },
      );

      // Act
      const error = await failure(root.send(command));

      // Assess
      expect(error.name).toBe('XAmzContentSHA256Mismatch');
      expect(error.$metadata?.httpStatusCode).toBe(400);
      expect((await failure(read(root, 'attachments/tampered.txt'))).name).toBe('NoSuchKey');
    });

    it('a presigned GET URL works without credentials; a presigned PUT URL uploads', async () => {
      // Prepare
      const getUrl = await getSignedUrl(root, new GetObjectCommand({ Bucket: bucket, Key: 'attachments/a.txt' }), { expiresIn: 60 });
      const putUrl = await getSignedUrl(root, new PutObjectCommand({ Bucket: bucket, Key: 'attachments/presigned.txt' }), { expiresIn: 60 });

      // Act
      const got = await fetch(getUrl);
      const put = await fetch(putUrl, { method: 'PUT', body: 'uploaded through a URL' });

      // Assess
      expect(got.status).toBe(200);
      expect(await got.text()).toBe('attachments/a.txt');
      expect(put.status).toBe(200);
      expect(await read(root, 'attachments/presigned.txt')).toBe('uploaded through a URL');
    });

    it('a presigned URL that has expired is AccessDenied "Request has expired"', async () => {
      // Prepare: signed 10 minutes ago, valid for 60 s.
      const url = await getSignedUrl(root, new GetObjectCommand({ Bucket: bucket, Key: 'attachments/a.txt' }), {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 10 * 60 * 1000),
      });

      // Act
      const response = await fetch(url);
      const body = await response.text();

      // Assess
      expect(response.status).toBe(403);
      expect(body).toContain('<Code>AccessDenied</Code>');
      expect(body).toContain('<Message>Request has expired</Message>');
      expect(body).toContain('<X-Amz-Expires>60</X-Amz-Expires>');
    });

    it('a presigned URL whose query was altered is SignatureDoesNotMatch', async () => {
      const url = new URL(await getSignedUrl(root, new GetObjectCommand({ Bucket: bucket, Key: 'attachments/a.txt' }), { expiresIn: 60 }));
      url.pathname = url.pathname.replace('a.txt', 'b.txt');
      const response = await fetch(url);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    });

    it('an unsigned (anonymous) request is AccessDenied: no policy allows anonymous access', async () => {
      const response = await fetch(`${cloud.endpoint}/${bucket}/status-assets/logo.txt`);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('<Code>AccessDenied</Code>');
    });
  });

  describe('authorization by the storage access rules', () => {
    it('guests (unauthenticated role) read status-assets/ but cannot write it or read attachments/', async () => {
      const guest = as('amplifyAuthunauthenticatedUserRole', 'us-east-1:guest');
      expect(await read(guest, 'status-assets/logo.txt')).toBe('status-assets/logo.txt');
      const denied = await failure(write(guest, 'status-assets/new.txt'));
      expect(denied.name).toBe('AccessDenied');
      expect(denied.$metadata?.httpStatusCode).toBe(403);
      expect(denied.message).toMatch(/is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::.*\/status-assets\/new.txt" because no identity-based policy allows the s3:PutObject action/);
      expect((await failure(read(guest, 'attachments/a.txt'))).name).toBe('AccessDenied');
    });

    it('responders read and write attachments/ and read reports/, but cannot write reports/', async () => {
      const responder = as('amplifyAuthRESPONDERSGroupRole', 'us-east-1:responder');
      await write(responder, 'attachments/by-responder.txt');
      expect(await read(responder, 'attachments/a.txt')).toBe('attachments/a.txt');
      expect(await read(responder, 'reports/r1.txt')).toBe('reports/r1.txt');
      expect((await failure(write(responder, 'reports/r2.txt'))).name).toBe('AccessDenied');
    });

    it('an identity writes only its own avatars/ folder; signed-in users read every avatar', async () => {
      const owner = as('amplifyAuthauthenticatedUserRole', 'us-east-1:owner');
      const other = as('amplifyAuthauthenticatedUserRole', 'us-east-1:other');
      await write(owner, 'avatars/us-east-1:owner/new.png');
      expect((await failure(write(other, 'avatars/us-east-1:owner/evil.png'))).name).toBe('AccessDenied');
      expect(await read(other, 'avatars/us-east-1:owner/me.png')).toBe('avatars/us-east-1:owner/me.png');
    });

    it('ListBucket is allowed only for the prefixes the rules name (s3:prefix condition)', async () => {
      const guest = as('amplifyAuthunauthenticatedUserRole');
      const listed = await guest.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'status-assets/' }));
      expect(listed.Contents?.map((c) => c.Key)).toEqual(['status-assets/logo.txt']);
      const denied = await failure(guest.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'attachments/' })));
      expect(denied.name).toBe('AccessDenied');
      expect(denied.message).toMatch(/s3:ListBucket/);
      const noPrefix = await failure(guest.send(new ListObjectsV2Command({ Bucket: bucket })));
      expect(noPrefix.name).toBe('AccessDenied');
    });

    it('a missing key is NoSuchKey for a caller allowed s3:ListBucket, AccessDenied for one who is not', async () => {
      // The guest may list status-assets/ (with an s3:prefix condition), so a bare ListBucket check fails: AccessDenied.
      const guest = as('amplifyAuthunauthenticatedUserRole');
      expect((await failure(read(guest, 'status-assets/missing.txt'))).name).toBe('AccessDenied');
      expect((await failure(read(root, 'status-assets/missing.txt'))).name).toBe('NoSuchKey');
    });

    it('CopyObject needs s3:GetObject on the source and s3:PutObject on the target', async () => {
      // A signed-in identity without a group reads status-assets/ and writes only its own avatars/ folder.
      const user = as('amplifyAuthauthenticatedUserRole', 'us-east-1:owner');
      await user.send(new CopyObjectCommand({ Bucket: bucket, Key: 'avatars/us-east-1:owner/logo.txt', CopySource: `${bucket}/status-assets/logo.txt` }));
      const fromAttachments = await failure(
        user.send(new CopyObjectCommand({ Bucket: bucket, Key: 'avatars/us-east-1:owner/stolen.txt', CopySource: `${bucket}/attachments/a.txt` })),
      );
      const intoStatusAssets = await failure(user.send(new CopyObjectCommand({ Bucket: bucket, Key: 'status-assets/x.txt', CopySource: `${bucket}/status-assets/logo.txt` })));
      expect(fromAttachments.name).toBe('AccessDenied');
      expect(fromAttachments.message).toMatch(/s3:GetObject/);
      expect(intoStatusAssets.name).toBe('AccessDenied');
      expect(intoStatusAssets.message).toMatch(/s3:PutObject/);
      expect(await read(root, 'avatars/us-east-1:owner/logo.txt')).toBe('status-assets/logo.txt');
    });

    it('DeleteObjects reports keys the caller may not delete as AccessDenied and deletes the rest', async () => {
      // Prepare
      await root.send(new PutObjectCommand({ Bucket: bucket, Key: 'attachments/del.txt', Body: 'x' }));
      const responder = as('amplifyAuthRESPONDERSGroupRole');

      // Act
      const result = await responder.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'attachments/del.txt' }, { Key: 'reports/r1.txt' }] } }),
      );

      // Assess
      expect(result.Deleted?.map((d) => d.Key)).toEqual(['attachments/del.txt']);
      expect(result.Errors?.map((e) => [e.Key, e.Code])).toEqual([['reports/r1.txt', 'AccessDenied']]);
      expect(await read(root, 'reports/r1.txt')).toBe('reports/r1.txt');
    });

    it("a role allowed only by the bucket policy (CDK's auto-delete role) lists and deletes, and nothing more", async () => {
      // Its identity policy is AWSLambdaBasicExecutionRole: every S3 permission comes from the bucket policy.
      const { Policy } = await root.send(new GetBucketPolicyCommand({ Bucket: bucket }));
      const statements = JSON.parse(Policy!).Statement as { Effect: string; Principal: { AWS: string } }[];
      const roleArn = statements.find((statement) => statement.Effect === 'Allow')!.Principal.AWS;
      const credentials = cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn, { sessionName: 'auto-delete' });
      const autoDelete = s3Client(cloud, { credentials });
      await root.send(new PutObjectCommand({ Bucket: bucket, Key: 'attachments/auto.txt', Body: 'x' }));
      const listed = await autoDelete.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'attachments/auto' }));
      expect(listed.Contents?.map((c) => c.Key)).toEqual(['attachments/auto.txt']);
      await autoDelete.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'attachments/auto.txt' }] } }));
      expect((await failure(read(root, 'attachments/auto.txt'))).name).toBe('NoSuchKey');
      expect((await failure(read(autoDelete, 'attachments/a.txt'))).name).toBe('AccessDenied');
    });

    it('the function that writes reports/ may write there (allow.resource)', async () => {
      const fn = as('incidentlifecyclelambdaServiceRole');
      await write(fn, 'reports/from-function.txt');
      expect((await failure(read(fn, 'attachments/a.txt'))).name).toBe('AccessDenied');
    });
  });
});
