/**
 * Hostile SigV4: a valid root signature with each of its parts mutated (the Authorization
 * header's algorithm, credential scope, signed headers and signature; X-Amz-Date; the
 * session token; the payload hash), on header-signed requests of JSON services and on S3
 * presigned URLs. Each is refused with the service's authentication error (4xx), never a
 * 5xx, and never accepted once changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local';
import { defaultServices } from '../../local/services';
import { startTestCloud } from '../helpers/cloud';
import { Rng, Tally, mutateString, nastyString } from './fuzz';
import { assertStillServes, expectTyped, send, signed, type WireRequest } from './wire';

const tally = new Tally();
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ services: defaultServices().filter((s) => ['iam', 'ssm', 'dynamodb', 's3', 'appsync'].includes(s.name)) });
});

afterAll(async () => {
  await cloud?.stop();
  tally.print('sigv4');
});

const requests = async (): Promise<[string, WireRequest][]> => {
  const bucket = cloud.outputs.storage!.bucket_name;
  return [
    ['dynamodb', await signed(cloud.endpoint, 'dynamodb', { headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' })],
    ['ssm', await signed(cloud.endpoint, 'ssm', { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameters' }, body: '{"Names":["/x"]}' })],
    ['s3', await signed(cloud.endpoint, 's3', { method: 'GET', path: `/${bucket}?list-type=2`, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } })],
    ['appsync', await signed(cloud.endpoint, 'appsync', { path: '/graphql', headers: { 'content-type': 'application/json' }, body: '{"query":"{ listServices { items { id } } }"}' })],
  ];
};

/** One part of the signature changed. */
function mutateSigned(request: WireRequest, rng: Rng): WireRequest {
  const headers = { ...request.headers! };
  const authorization = headers.authorization;
  switch (rng.int(6)) {
    case 0:
      headers.authorization = mutateString(authorization, rng);
      break;
    case 1: {
      // One field of the header: Credential, SignedHeaders or Signature.
      const field = rng.pick(['Credential=', 'SignedHeaders=', 'Signature=']);
      headers.authorization = authorization.replace(new RegExp(`${field}[^,]*`), `${field}${mutateString(/(?:Credential|SignedHeaders|Signature)=([^,]*)/.exec(authorization.slice(authorization.indexOf(field)))![1], rng)}`);
      break;
    }
    case 2:
      headers['x-amz-date'] = rng.chance(0.5) ? mutateString(headers['x-amz-date'], rng) : rng.pick(['20000101T000000Z', '29991231T235959Z', '', 'now', '20261207T120000']);
      break;
    case 3:
      headers['x-amz-security-token'] = nastyString(rng);
      break;
    case 4:
      headers['x-amz-content-sha256'] = rng.pick(['UNSIGNED-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', '0'.repeat(64), nastyString(rng)]);
      break;
    default:
      headers.authorization = authorization.replace('AWS4-HMAC-SHA256', rng.pick(['AWS4-HMAC-SHA1', 'AWS4-ECDSA-P256-SHA256', 'Bearer', '', 'AWS4-HMAC-SHA256 AWS4-HMAC-SHA256']));
  }
  return { ...request, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v).replace(/[\r\n\u0000-\u001f\u007f-\uffff]/g, '')])) };
}

describe('header signatures', () => {
  it('valid signatures are accepted (the fuzz starts from working requests)', async () => {
    for (const [service, request] of await requests()) expect((await send(cloud.endpoint, request)).status, service).toBe(200);
  });

  it('each mutated part is the service\'s authentication error, never a 5xx or a success', async () => {
    const rng = new Rng(0x516);
    const all = await requests();
    for (let i = 0; i < 200; i++) {
      const [service, request] = rng.pick(all);
      const mutated = mutateSigned(request, rng);
      if (JSON.stringify(mutated.headers) === JSON.stringify(request.headers)) continue;
      let answer;
      try {
        answer = await send(cloud.endpoint, mutated);
      } catch {
        continue; // a header Node refuses to send
      }
      // A change that leaves the signed request as it was (a header no signature covers) may still succeed.
      // (An empty session token is no token.)
      const unsignedChange = mutated.headers!.authorization === request.headers!.authorization && mutated.headers!['x-amz-date'] === request.headers!['x-amz-date'] && !mutated.headers!['x-amz-security-token'];
      expectTyped(answer, `${service} ${JSON.stringify(mutated.headers)}`, unsignedChange ? [200] : []);
      tally.add('headers');
    }
    await assertStillServes(cloud.endpoint);
  });
  it('a header with a parameter twice (a forged signature, then the valid one) or a part without "=" is IncompleteSignatureException', async () => {
    const [, request] = (await requests())[0];
    const authorization = request.headers!.authorization;
    for (const forged of [authorization.replace('Signature=', 'Signature=00, Signature='), `${authorization}, Signature=00`, authorization.replace(', Signature=', ', junk, Signature=')]) {
      const answer = await send(cloud.endpoint, { ...request, headers: { ...request.headers, authorization: forged } });
      expect(answer.status).toBe(400);
      expect(answer.json().__type).toMatch(/IncompleteSignatureException$/);
      tally.add('headers');
    }
  });
});

describe('presigned URLs', () => {
  it('each mutated query parameter is refused with S3\'s error', async () => {
    const rng = new Rng(0x9e5);
    const { S3Client, GetObjectCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
    const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
    const bucket = cloud.outputs.storage!.bucket_name;
    const s3 = new S3Client({ endpoint: cloud.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'attachments/presigned.txt', Body: 'p' }));
    const url = new URL(await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'attachments/presigned.txt' }), { expiresIn: 300 }));
    expect((await send(cloud.endpoint, { path: url.pathname + url.search })).status).toBe(200);
    const names = [...url.searchParams.keys()];
    for (let i = 0; i < 100; i++) {
      const mutated = new URL(url);
      const name = rng.pick(names);
      if (rng.chance(0.2)) mutated.searchParams.delete(name);
      else mutated.searchParams.set(name, rng.chance(0.5) ? mutateString(url.searchParams.get(name)!, rng) : nastyString(rng));
      if (mutated.search === url.search) continue;
      const answer = await send(cloud.endpoint, { path: mutated.pathname + mutated.search });
      expectTyped(answer, mutated.search.slice(0, 300));
      expect(answer.text).toMatch(/<Code>[A-Za-z]+<\/Code>/);
      tally.add('presigned');
    }
    await assertStillServes(cloud.endpoint);
  });
});
