/**
 * The console's edge route without a browser: its request check (Host, Origin, header),
 * its local endpoints (only what no AWS API offers) and their errors, and reset.
 */
import { CognitoIdentityProviderClient, ListUsersCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import type { LocalCognitoService } from '../../../local/cognito';
import type { LambdaLocalService } from '../../../local/lambda';
import type { SchedulerLocalService } from '../../../local/scheduler';
import { clientConfig, roleArn, startTestCloud } from '../../helpers/cloud';
import { createUser } from '../../helpers/flare-users';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** A raw HTTP request (fetch would not let a test set Host or Origin freely). */
function call(cloud: LocalCloud, method: string, pathname: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  const url = new URL(pathname, cloud.endpoint);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers: { 'x-flare-console': '1', ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: Record<string, unknown> = {};
        try {
          parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          parsed = { text };
        }
        resolve({ status: response.statusCode!, headers: response.headers, body: parsed });
      });
    });
    request.on('error', reject);
    if (body !== undefined) {
      request.setHeader('content-type', 'application/json');
      request.end(JSON.stringify(body));
    } else request.end();
  });
}

describe('the console’s edge route', () => {
  let cloud: LocalCloud;
  const api = (pathname: string) => `/_flare/console/api${pathname}`;

  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  describe('request check', () => {
    it('answers its own origin and loopback host names', async () => {
      const port = new URL(cloud.endpoint).port;
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
        const answer = await call(cloud, 'GET', api('/session'), { host, origin: `http://${host}` });
        expect(answer.status).toBe(200);
      }
    });

    it('refuses another Host (DNS rebinding), another Origin, and calls without its header — never with CORS headers', async () => {
      const port = new URL(cloud.endpoint).port;
      const refused = [
        await call(cloud, 'GET', api('/session'), { host: `evil.example:${port}` }),
        await call(cloud, 'GET', api('/session'), { origin: 'http://evil.example' }),
        await call(cloud, 'GET', api('/session'), { origin: 'http://127.0.0.1:5173' }),
        await call(cloud, 'GET', api('/session'), { 'x-flare-console': '' }),
        await call(cloud, 'OPTIONS', api('/reset'), { origin: 'http://evil.example', 'access-control-request-method': 'POST' }),
        await call(cloud, 'GET', '/_flare/console/', { host: `evil.example:${port}` }),
      ];
      for (const answer of refused) {
        expect(answer.status).toBe(403);
        // A foreign Host or Origin is refused by the edge itself (HostNotAllowed, OriginNotAllowed),
        // before the console's own check; a loopback caller without the header by the console.
        expect(['AccessDeniedException', 'HostNotAllowed', 'OriginNotAllowed']).toContain(answer.body.__type);
        expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      }
    });

    it('refuses a loopback caller without its header itself, as AccessDeniedException', async () => {
      const answer = await call(cloud, 'GET', api('/session'), { 'x-flare-console': '' });
      expect(answer.status).toBe(403);
      expect(answer.body.__type).toBe('AccessDeniedException');
    });

    it('forbids framing', async () => {
      const answer = await call(cloud, 'GET', api('/session'));
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    });

    it('redirects /_flare/console to its folder and answers unknown endpoints in the AWS error shape', async () => {
      expect((await call(cloud, 'GET', '/_flare/console')).headers.location).toBe('/_flare/console/');
      const unknown = await call(cloud, 'GET', api('/nothing'));
      expect(unknown).toMatchObject({ status: 404, body: { __type: 'UnknownOperationException' } });
      expect(unknown.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    });
  });

  describe('local endpoints', () => {
    it('session: the edge, the root credentials, and which services hold what', async () => {
      const { body } = await call(cloud, 'GET', api('/session'));
      expect(body).toMatchObject({ endpoint: cloud.endpoint, region: 'us-east-1', accountId: '000000000000', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      const services = body.services as { name: string; resources: number }[];
      const dynamodb = cloud.services.get('dynamodb');
      const tables = cloud.assembly.resources().filter((resource) => dynamodb.resourceTypes.includes(resource.type)).length;
      expect(tables).toBeGreaterThan(0);
      expect(services.find((service) => service.name === 'dynamodb')?.resources).toBe(tables);
      expect(services.find((service) => service.name === 'appsync-realtime')?.resources).toBe(0);
    });

    it('overview: what does not run and why, the start-up warnings, no state in memory', async () => {
      const { body } = await call(cloud, 'GET', api('/overview'));
      const permissions = cloud.assembly.resources().filter((resource) => resource.type === 'AWS::Lambda::Permission').length;
      expect(permissions).toBeGreaterThan(0);
      expect(body.notRun).toContainEqual({ type: 'AWS::Lambda::Permission', count: permissions, reason: expect.stringContaining('resource policies') });
      expect((body.recent as { message: string }[]).some((record) => record.message.includes('python3.13'))).toBe(true);
      expect(body.state).toBeUndefined();
    });

    it('invocations: each with its source, duration, result and log', async () => {
      const lambda = cloud.services.get<LambdaLocalService>('lambda');
      const fn = lambda.functions().find((config) => config.displayName === 'incident-stats')!;
      await lambda.invoke(fn.name, { typeName: 'Query', fieldName: 'incidentStats', arguments: {} }, { source: 'test' });
      const { body } = await call(cloud, 'GET', api(`/functions/${fn.name}/invocations`));
      const [latest] = body.invocations as { source: string; durationMs: number; logs: string[]; payload: string }[];
      expect(latest).toMatchObject({ source: 'test' });
      expect(latest.durationMs).toBeGreaterThan(0);
      expect(Array.isArray(latest.logs)).toBe(true);
      expect(latest.payload).toBeDefined();
      expect(await call(cloud, 'GET', api('/functions/none/invocations'))).toMatchObject({ status: 404, body: { __type: 'ResourceNotFoundException' } });
    });

    it('schedules: next fire time, and fire now invokes the target from the scheduler', async () => {
      const { body } = await call(cloud, 'GET', api('/schedules'));
      const [schedule] = body.schedules as { arn: string; nextFireTime: string; targets: string[] }[];
      expect(Date.parse(schedule.nextFireTime)).toBeGreaterThan(Date.now() - 60_000);
      const lambda = cloud.services.get<LambdaLocalService>('lambda');
      const target = lambda.findFunction(schedule.targets[0]).name;
      expect(await call(cloud, 'POST', api('/schedules/fire'), {}, { arn: schedule.arn })).toMatchObject({ status: 200, body: { fired: schedule.arn } });
      await expect.poll(() => lambda.recentInvocations(target).some((record) => record.source?.startsWith('scheduler ')), { timeout: 30_000 }).toBe(true);
      expect(await call(cloud, 'POST', api('/schedules/fire'), {}, { arn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/default/none' })).toMatchObject({ status: 404 });
      expect(await call(cloud, 'POST', api('/schedules/fire'), {}, {})).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
      expect(cloud.services.get<SchedulerLocalService>('scheduler')).toBeDefined();
    });

    it('user tokens: a user’s tokens with their groups, without their password; unknown and unconfirmed users refused as Cognito words it', async () => {
      const userPoolId = cloud.outputs.auth!.user_pool_id;
      await createUser(cloud, 'erin@example.com', ['ADMINS']);
      const { status, body } = await call(cloud, 'POST', api(`/user-pools/${userPoolId}/tokens`), {}, { username: 'erin@example.com' });
      expect(status).toBe(200);
      const claims = await cloud.services.get<LocalCognitoService>('cognito').verifyToken(String(body.accessToken), { userPoolId });
      expect(claims['cognito:groups']).toEqual(['ADMINS']);
      expect(claims.token_use).toBe('access');
      expect(await call(cloud, 'POST', api(`/user-pools/${userPoolId}/tokens`), {}, { username: 'nobody@example.com' })).toMatchObject({ status: 400, body: { __type: 'UserNotFoundException' } });
      const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
      await cognito.send(new SignUpCommand({ ClientId: cloud.outputs.auth!.user_pool_client_id, Username: 'fred@example.com', Password: 'Test-passw0rd!', UserAttributes: [{ Name: 'email', Value: 'fred@example.com' }] }));
      expect(await call(cloud, 'POST', api(`/user-pools/${userPoolId}/tokens`), {}, { username: 'fred@example.com' })).toMatchObject({ status: 400, body: { __type: 'UserNotConfirmedException' } });
      expect(await call(cloud, 'POST', api('/user-pools/us-east-1_none/tokens'), {}, { username: 'erin@example.com' })).toMatchObject({ body: { __type: 'ResourceNotFoundException' } });
    });

    it('role credentials: a role’s temporary credentials, which sign as that role', async () => {
      const arn = roleArn(cloud, 'amplifyAuthunauthenticatedUserRole');
      const { body } = await call(cloud, 'POST', api('/role-credentials'), {}, { roleArn: arn });
      const { accessKeyId, secretAccessKey, sessionToken } = body as Record<string, string>;
      const identity = await new STSClient(clientConfig(cloud, { accessKeyId, secretAccessKey, sessionToken })).send(new GetCallerIdentityCommand({}));
      expect(identity.Arn).toMatch(/:assumed-role\/.+\/flare-console$/);
      expect(await call(cloud, 'POST', api('/role-credentials'), {}, { roleArn: 'arn:aws:iam::000000000000:role/none' })).toMatchObject({ status: 404 });
    });

    it('realtime: totals and connections', async () => {
      const { body } = await call(cloud, 'GET', api('/realtime'));
      expect(body).toMatchObject({ subscriptions: 0, delivered: expect.any(Number), connections: [] });
    });

    it('reset: refused (409) when the cloud was given service instances', async () => {
      const instances = await startTestCloud({ services: [] });
      try {
        expect(await call(instances, 'POST', api('/reset'), {}, { confirm: true })).toMatchObject({ status: 409, body: { __type: 'ResetUnavailableException' } });
        expect(await call(instances, 'POST', api('/reset'), {}, {})).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
      } finally {
        await instances.stop();
      }
    });
  });
});

describe('reset through the console', () => {
  let cloud: LocalCloud;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'flare-console-reset-'));
    cloud = await startTestCloud({ stateDir });
  });
  afterAll(async () => {
    await cloud?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('empties users and state, keeps the ids, and the services answer again', async () => {
    const userPoolId = cloud.outputs.auth!.user_pool_id;
    await createUser(cloud, 'gina@example.com');
    const before = await call(cloud, 'GET', '/_flare/console/api/overview');
    expect((before.body.state as { bytes: number }).bytes).toBeGreaterThan(0);

    expect(await call(cloud, 'POST', '/_flare/console/api/reset', {}, { confirm: true })).toMatchObject({ status: 200, body: { reset: true } });

    const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
    const { Users } = await cognito.send(new ListUsersCommand({ UserPoolId: userPoolId }));
    expect(Users).toEqual([]);
    await createUser(cloud, 'gina@example.com');
    expect((await cognito.send(new ListUsersCommand({ UserPoolId: userPoolId }))).Users).toHaveLength(1);
    expect(cloud.services.get<LocalCognitoService>('cognito')).toBeDefined();

    // The ids' seed was kept: a restart on the same state names the same pool.
    await cloud.stop();
    cloud = await startTestCloud({ stateDir });
    expect(cloud.outputs.auth!.user_pool_id).toBe(userPoolId);
  });
});
