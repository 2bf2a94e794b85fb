/**
 * AppSync IAM auth against the real local IAM service: requests signed by the AWS SDK's
 * SigV4 signer with the local root's credentials, forged and tampered ones refused.
 * (Resolvers here are the engine fixture's, run by a test runtime.)
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamService } from '../../../local/iam';
import { startHarness, type Harness } from '../../unit/local/appsync/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ iam: iamService() });
});
afterAll(async () => {
  await h.stop();
});

async function signedPost(body: string, credentials = { accessKeyId: 'test', secretAccessKey: 'test' }, tamper?: (headers: Record<string, string>) => string) {
  const url = new URL(`${h.endpoint}/graphql`);
  const signer = new SignatureV4({ service: 'appsync', region: 'us-east-1', credentials, sha256: Sha256 });
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, 'content-type': 'application/json' }, body });
  const headers = signed.headers as Record<string, string>;
  const response = await fetch(url, { method: 'POST', headers, body: tamper ? tamper(headers) : body });
  return { status: response.status, json: await response.json() };
}

describe('IAM authorization with the local IAM service', () => {
  it('accepts a request the SDK signed with the root credentials and shapes $ctx.identity', async () => {
    const { status, json } = await signedPost(JSON.stringify({ query: '{ whoami }' }));
    expect(status).toBe(200);
    const identity = JSON.parse(json.data.whoami);
    expect(identity).toMatchObject({ accountId: '000000000000', userArn: 'arn:aws:iam::000000000000:root', cognitoIdentityPoolId: null, cognitoIdentityId: null });
  });

  it('refuses unknown credentials and a body changed after signing', async () => {
    const unknown = await signedPost(JSON.stringify({ query: '{ whoami }' }), { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' });
    expect(unknown.status).toBe(403);
    expect(unknown.json.errors[0].errorType).toBe('UnrecognizedClientException');
    const tampered = await signedPost(JSON.stringify({ query: '{ whoami }' }), undefined, () => JSON.stringify({ query: '{ echo }' }));
    expect(tampered.status).toBeGreaterThanOrEqual(400);
    expect(tampered.json.errors[0].errorType).toBe('InvalidSignatureException');
  });
});
