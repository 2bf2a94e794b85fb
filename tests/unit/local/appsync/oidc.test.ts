/**
 * OPENID_CONNECT: tokens verified against the issuer's JWKS (found through its discovery
 * document), `aud` against ClientId, and IatTTL; `$ctx.identity` is { claims, issuer, sub }.
 * The issuer is a small loopback server; the fixture assembly is written per run with its URL.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudAssembly } from '../../../../local/assembly';
import { EdgeServer } from '../../../../local/edge';
import { Reporter } from '../../../../local/reporter';
import { StateStore } from '../../../../local/state';
import { ServiceRegistry } from '../../../../local/service';
import { AppSyncService } from '../../../../local/appsync';
import { FakeJsRuntime } from './doubles';

let issuerServer: Server;
let issuer: string;
let key: CryptoKey;
let otherKey: CryptoKey;
let edge: EdgeServer;
let url: string;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  key = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  issuerServer = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    else if (req.url === '/jwks') res.end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
  const address = issuerServer.address() as { port: number };
  issuer = `http://127.0.0.1:${address.port}`;

  const dir = mkdtempSync(path.join(tmpdir(), 'appsync-oidc-'));
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts: { oidc: { type: 'aws:cloudformation:stack', properties: { templateFile: 'oidc.template.json' } } } }));
  const apiId = { 'Fn::GetAtt': ['Api', 'ApiId'] };
  writeFileSync(path.join(dir, 'oidc.template.json'), JSON.stringify({
    Resources: {
      Api: { Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'oidc', AuthenticationType: 'OPENID_CONNECT', OpenIDConnectConfig: { Issuer: issuer, ClientId: 'my-client', IatTTL: 60_000 } } },
      Schema: { Type: 'AWS::AppSync::GraphQLSchema', Properties: { ApiId: apiId, Definition: 'type Query { whoami: AWSJSON }' } },
      None: { Type: 'AWS::AppSync::DataSource', Properties: { ApiId: apiId, Name: 'NONE_DS', Type: 'NONE' } },
      Who: { Type: 'AWS::AppSync::Resolver', Properties: { ApiId: apiId, TypeName: 'Query', FieldName: 'whoami', Kind: 'UNIT', DataSourceName: 'NONE_DS', Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' }, Code: 'export function request(ctx) { return { payload: { identity: ctx.identity, authType: ctx.authType } }; }\nexport function response(ctx) { return ctx.result; }' } },
    },
  }));
  const reporter = new Reporter({ level: 'silent' });
  edge = new EdgeServer(reporter);
  const endpoint = await edge.listen(0);
  const assembly = CloudAssembly.load({ dir, endpoint, seed: 'oidc' });
  const appsync = new AppSyncService({ runtimes: { APPSYNC_JS: new FakeJsRuntime() } });
  await appsync.start({ assembly, edge, endpoint, reporter, log: reporter.for('appsync'), state: StateStore.memory(reporter).service('appsync'), services: new ServiceRegistry(), projectDir: process.cwd() });
  url = `${endpoint}/graphql`;
});
afterAll(async () => {
  await edge?.close();
  await new Promise((resolve) => issuerServer?.close(resolve));
});

const token = (claims: Record<string, unknown>, signWith = key, iat = Math.floor(Date.now() / 1000)) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setAudience('my-client').setSubject('user-1').setIssuedAt(iat).setExpirationTime(iat + 3600).sign(signWith);

const ask = async (authorization: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: '{ whoami }' }) });
  return { status: response.status, json: await response.json() };
};

describe('OpenID Connect', () => {
  it('accepts a token signed by the issuer\'s key and shapes $ctx.identity', async () => {
    const { status, json } = await ask(await token({ email: 'o@example.com' }));
    expect(status).toBe(200);
    const { identity, authType } = JSON.parse(json.data.whoami);
    expect(authType).toBe('Open ID Connect Authorization');
    expect(identity).toMatchObject({ issuer, sub: 'user-1', claims: { email: 'o@example.com', aud: 'my-client' } });
  });

  it('rejects a forged signature, another audience and a token issued before IatTTL', async () => {
    expect((await ask(await token({}, otherKey))).status).toBe(401);
    const wrongAudience = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setAudience('other').setSubject('s').setIssuedAt().setExpirationTime('1h').sign(key);
    expect((await ask(wrongAudience)).status).toBe(401);
    const old = await token({}, key, Math.floor(Date.now() / 1000) - 120);
    expect(await ask(old)).toMatchObject({ status: 401, json: { errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.' }] } });
  });
});
