import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signOut } from 'aws-amplify/auth';
import { downloadData, getUrl, list, remove, uploadData } from 'aws-amplify/storage';
import { get as httpGet } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../local';
import { amplifyConfig } from '../../../local/client';
import { installLocalStorage, localStorageSettings, localStorageUrl } from '../../../local/client/storage';
import { cognitoService } from '../../../local/cognito';
import { cognitoIdentityService } from '../../../local/cognito/identity-pool';
import { iamService } from '../../../local/iam';
import { s3Service } from '../../../local/s3';
import { startTestCloud } from '../../helpers/cloud';
import { installFileReader } from '../../helpers/fileReader';
import { createUser, signInAs as signInWithSrp } from '../../helpers/flare-users';
import { bytes, failure, filesBucket, s3Client } from './helpers';

const MiB = 1024 * 1024;

/** A GET with plain node:http — no fetch, so no adapter — for URLs handed out as they are. */
function plainGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', reject);
  });
}

/**
 * Storage access as Flare's users have it, with the real, unmodified aws-amplify v6 storage
 * client reaching the local S3 through the adapter (local/client/storage.ts), credentials
 * from the local identity pool after SRP sign-in to the local user pool — so the access
 * rules of amplify/storage/resource.ts decide, as synthesized.
 */
describe('aws-amplify v6 storage against the local S3', () => {
  let cloud: LocalCloud;
  let restore: () => void;
  let removeFileReader: () => void;
  let bucket: string;
  const users = { responder: 'responder@example.com', owner: 'owner@example.com', other: 'other@example.com' };

  beforeAll(async () => {
    cloud = await startTestCloud({
      services: [iamService(), s3Service(), cognitoService(), cognitoIdentityService()],
      reporter: new Reporter({ level: 'error' }),
    });
    bucket = filesBucket(cloud);
    await createUser(cloud, users.responder, ['RESPONDERS']);
    await createUser(cloud, users.owner);
    await createUser(cloud, users.other);
    await s3Client(cloud).send(new PutObjectCommand({ Bucket: bucket, Key: 'status-assets/logo.svg', Body: '<svg/>', ContentType: 'image/svg+xml' }));
    await s3Client(cloud).send(new PutObjectCommand({ Bucket: bucket, Key: 'attachments/incident-0/secret.txt', Body: 'internal' }));

    Amplify.configure(amplifyConfig(cloud.outputs));
    restore = installLocalStorage(cloud.outputs);
    removeFileReader = installFileReader();
  });
  afterAll(async () => {
    restore?.();
    removeFileReader?.();
    await signOut().catch(() => undefined);
    await cloud?.stop();
  });

  /** Signs in with SRP and answers the identity pool's id for the user. */
  const signInAs = async (email: string) => {
    await signInWithSrp(email);
    return (await fetchAuthSession()).identityId!;
  };

  describe('a responder', () => {
    it('uploads a small attachment, lists it, downloads it, gets a working URL, removes it', async () => {
      // Prepare (progress of a single PUT comes from XHR, i.e. browsers only: see the browser test)
      await signInAs(users.responder);

      // Act: upload
      const uploaded = await uploadData({ path: 'attachments/incident-1/note.txt', data: 'first responder note', options: { contentType: 'text/plain' } }).result;

      // Assess
      expect(uploaded.path).toBe('attachments/incident-1/note.txt');
      expect(uploaded.eTag).toMatch(/^"[0-9a-f]{32}"$/);

      // List
      const listed = await list({ path: 'attachments/incident-1/' });
      expect(listed.items.map((item) => [item.path, item.size])).toEqual([['attachments/incident-1/note.txt', 20]]);

      // Download
      const downloaded = await downloadData({ path: 'attachments/incident-1/note.txt' }).result;
      expect(await downloaded.body.text()).toBe('first responder note');
      expect(downloaded.contentType).toBe('text/plain');

      // A presigned URL: through fetch (the adapter), and as a plain local URL with no adapter at all.
      const { url, expiresAt } = await getUrl({ path: 'attachments/incident-1/note.txt', options: { validateObjectExistence: true, expiresIn: 300 } });
      expect(url.hostname).toBe(`${bucket}.s3.us-east-1.amazonaws.com`);
      expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
      expect(await (await fetch(url)).text()).toBe('first responder note');
      const plain = await plainGet(localStorageUrl(url, localStorageSettings(cloud.outputs)!));
      expect(plain).toEqual({ status: 200, body: 'first responder note' });

      // Remove
      await remove({ path: 'attachments/incident-1/note.txt' });
      expect((await list({ path: 'attachments/incident-1/' })).items).toEqual([]);
    });

    it('uploads an attachment over 5 MiB as a multipart upload, and downloads it intact', async () => {
      // Prepare (aws-amplify reports upload progress from XHR only, i.e. in browsers: see the browser test)
      await signInAs(users.responder);
      const data = bytes(6 * MiB + 123, 11);

      // Act
      const uploaded = await uploadData({ path: 'attachments/incident-2/capture.bin', data: new Blob([new Uint8Array(data)]) }).result;

      // Assess: multipart (ETag with a part count).
      expect(uploaded.eTag).toMatch(/^"[0-9a-f]{32}-2"$/);
      const downloaded = await downloadData({ path: 'attachments/incident-2/capture.bin' }).result;
      expect(Buffer.from(await (await downloaded.body.blob()).arrayBuffer()).equals(data)).toBe(true);
      const item = (await list({ path: 'attachments/incident-2/' })).items[0];
      expect(item.size).toBe(data.length);
      await remove({ path: 'attachments/incident-2/capture.bin' });
    });

    it('cannot write reports/ (only functions write there)', async () => {
      await signInAs(users.responder);
      const error = await failure(uploadData({ path: 'reports/forged.txt', data: 'x' }).result);
      expect(error.name).toBe('AccessDenied');
    });
  });

  describe('a guest (signed out)', () => {
    it('reads status-assets/ but cannot write it', async () => {
      await signOut();
      const downloaded = await downloadData({ path: 'status-assets/logo.svg' }).result;
      expect(await downloaded.body.text()).toBe('<svg/>');
      expect((await list({ path: 'status-assets/' })).items.map((i) => i.path)).toEqual(['status-assets/logo.svg']);
      const error = await failure(uploadData({ path: 'status-assets/defaced.svg', data: '<svg>x</svg>' }).result);
      expect(error.name).toBe('AccessDenied');
    });

    it('cannot read or list attachments/', async () => {
      await signOut();
      expect((await failure(downloadData({ path: 'attachments/incident-0/secret.txt' }).result)).name).toBe('AccessDenied');
      expect((await failure(list({ path: 'attachments/' }))).name).toBe('AccessDenied');
      const url = await getUrl({ path: 'attachments/incident-0/secret.txt' });
      expect((await fetch(url.url)).status).toBe(403);
    });
  });

  describe('an identity and its avatars/ folder', () => {
    it("writes its own folder, reads others' avatars, and cannot write another identity's folder", async () => {
      // Prepare: the owner uploads an avatar into its own folder.
      const ownerId = await signInAs(users.owner);
      await uploadData({ path: ({ identityId }) => `avatars/${identityId}/me.png`, data: 'owner avatar' }).result;

      // Act: another signed-in identity reads it and tries to overwrite it.
      const otherId = await signInAs(users.other);
      const read = await downloadData({ path: `avatars/${ownerId}/me.png` }).result;
      const overwrite = await failure(uploadData({ path: `avatars/${ownerId}/me.png`, data: 'defaced' }).result);
      await uploadData({ path: ({ identityId }) => `avatars/${identityId}/me.png`, data: 'other avatar' }).result;

      // Assess
      expect(otherId).not.toBe(ownerId);
      expect(await read.body.text()).toBe('owner avatar');
      expect(overwrite.name).toBe('AccessDenied');
      const listed = await list({ path: 'avatars/' });
      expect(listed.items.map((i) => i.path).sort()).toEqual([`avatars/${ownerId}/me.png`, `avatars/${otherId}/me.png`].sort());
    });

    it('a signed-in identity without a group cannot read attachments/', async () => {
      await signInAs(users.owner);
      expect((await failure(downloadData({ path: 'attachments/incident-0/secret.txt' }).result)).name).toBe('AccessDenied');
    });
  });
});
