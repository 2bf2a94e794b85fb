/**
 * Local IAM: what authentication and authorization cost per request.
 *   - policy evaluation (target ≤ 0.05 ms): Flare's storage policies for a signed-in
 *     identity (a policy variable resolved per request) and a list with an s3:prefix condition;
 *   - SigV4 verification of a header-signed request (root and temporary credentials) and
 *     of a presigned URL.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { buildQueryString, HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { CloudAssembly } from '../local/assembly';
import { EdgeServer } from '../local/edge';
import { iamService } from '../local/iam';
import type { AuthorizationRequest, Principal, SignedRequest } from '../local/iam/types';
import { Reporter } from '../local/reporter';
import { ServiceRegistry } from '../local/service';
import { summarize } from './stats';

const reporter = new Reporter({ level: 'silent' });
const assembly = CloudAssembly.load({ dir: '.amplify/local/cdk.out', endpoint: 'http://127.0.0.1:4566', seed: 'bench' });
const iam = iamService();
await iam.start({ assembly, edge: new EdgeServer(reporter), endpoint: 'http://127.0.0.1:4566', reporter, log: reporter.for('iam'), services: new ServiceRegistry(), projectDir: process.cwd() });

const role = (prefix: string) => String(assembly.ofType('AWS::IAM::Role').find((r) => r.logicalId.startsWith(prefix))!.getAtt('Arn'));
const bucket = String(assembly.ofType('AWS::S3::Bucket').find((b) => b.logicalId.startsWith('flareFilesBucket'))!.getAtt('Arn'));
const identityId = 'us-east-1:11111111-2222-4333-8444-555555555555';
const session = (prefix: string) => {
  const credentials = iam.issueRoleCredentials(role(prefix), { sessionName: 'CognitoIdentityCredentials', identityId });
  return { credentials, principal: iam.principalOf(credentials) };
};

/** Runs `fn` in batches and reports the mean per-call time of each batch: single calls are below the timer's resolution. */
function timePerCall(label: string, fn: () => unknown, target?: string, batch = 200, batches = 500): void {
  for (let i = 0; i < batch * 20; i++) fn();
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) fn();
    samples.push((performance.now() - start) / batch);
  }
  // Per-call times are microseconds: print them as such (report() rounds to 0.01 ms).
  const { p50, p95, p99, n } = summarize(samples);
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`.padStart(9);
  console.log(`${label.padEnd(50)} p50 ${us(p50)}  p95 ${us(p95)}  p99 ${us(p99)}  (${n}×${batch} calls)${target ? `  target ${target}` : ''}`);
}

function check(principal: Principal, request: AuthorizationRequest, expected: boolean): AuthorizationRequest {
  if (iam.authorize(principal, request).allowed !== expected) throw new Error(`unexpected decision for ${request.action} ${request.resource}`);
  return request;
}

const signedIn = session('amplifyAuthauthenticatedUserRole').principal;
const responder = session('amplifyAuthRESPONDERSGroupRole').principal;
const put = check(signedIn, { action: 's3:PutObject', resource: `${bucket}/avatars/${identityId}/me.png` }, true);
const putOther = check(signedIn, { action: 's3:PutObject', resource: `${bucket}/avatars/us-east-1:other/me.png` }, false);
const list = check(responder, { action: 's3:ListBucket', resource: bucket, context: { 's3:prefix': 'attachments/incident-1/' } }, true);
const denied = check(responder, { action: 'dynamodb:DeleteTable', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/x' }, false);

console.log('policy evaluation (authorize)');
timePerCall('  allow, ${cognito-identity…:sub} resolved', () => iam.authorize(signedIn, put), '≤ 0.05 ms');
timePerCall("  deny, another identity's folder", () => iam.authorize(signedIn, putOther), '≤ 0.05 ms');
timePerCall('  allow, s3:ListBucket with StringLike s3:prefix', () => iam.authorize(responder, list), '≤ 0.05 ms');
timePerCall('  implicit deny, another service', () => iam.authorize(responder, denied), '≤ 0.05 ms');

async function signed(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, presign = false): Promise<SignedRequest> {
  const service = presign ? 's3' : 'dynamodb';
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials, sha256: Sha256, uriEscapePath: !presign });
  const body = JSON.stringify({ TableName: 'Incident', Key: { id: { S: 'a'.repeat(36) } } });
  const request = new HttpRequest({
    method: presign ? 'GET' : 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4566,
    path: presign ? '/bucket/attachments/incident-1/log.txt' : '/',
    // The S3 presigner marks the payload UNSIGNED-PAYLOAD (hoisted to X-Amz-Content-Sha256).
    headers: presign ? { host: '127.0.0.1:4566', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } : { host: '127.0.0.1:4566', 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' },
    body: presign ? undefined : body,
  });
  const out = (presign ? await signer.presign(request, { expiresIn: 900 }) : await signer.sign(request)) as HttpRequest;
  return { method: out.method, rawPath: out.path, rawQuery: buildQueryString(out.query ?? {}), headers: Object.fromEntries(Object.entries(out.headers).map(([k, v]) => [k.toLowerCase(), v])), body: presign ? undefined : Buffer.from(body) };
}

const rootRequest = await signed({ accessKeyId: 'test', secretAccessKey: 'test' });
const temporary = session('amplifyAuthRESPONDERSGroupRole').credentials;
const temporaryRequest = await signed({ accessKeyId: temporary.accessKeyId, secretAccessKey: temporary.secretAccessKey, sessionToken: temporary.sessionToken });
const presigned = await signed({ accessKeyId: 'test', secretAccessKey: 'test' }, true);
for (const request of [rootRequest, temporaryRequest, presigned]) iam.authenticate(request);

console.log('SigV4 verification (authenticate)');
timePerCall('  header-signed POST, root credentials', () => iam.authenticate(rootRequest), undefined, 50, 400);
timePerCall('  header-signed POST, temporary credentials', () => iam.authenticate(temporaryRequest), undefined, 50, 400);
timePerCall('  presigned S3 GET', () => iam.authenticate(presigned), undefined, 50, 400);
