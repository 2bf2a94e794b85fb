import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IamService } from '../../../local/iam/types';
import { decode, RUNNER_FIXTURE, startFixtureCloud, type FixtureCloud } from './helpers';

interface ChaosResult {
  ok: boolean;
  pid: number;
  invocations: number;
}

/**
 * The function runner as Lambda's Node.js runtime behaves: warm and cold environments,
 * the execution environment's variables, timeouts and crashes contained, console output
 * streamed to the reporter. Real `@aws-sdk/client-lambda` against fixture bundles.
 */
describe('the local Lambda runtime', () => {
  let fixture: FixtureCloud;
  let client: LambdaClient;
  const invoke = async (friendly: string, payload: unknown = {}) => {
    const result = await client.send(new InvokeCommand({ FunctionName: fixture.nameOf(friendly), Payload: JSON.stringify(payload) }));
    return { result, payload: decode(result.Payload) };
  };

  beforeAll(async () => {
    fixture = await startFixtureCloud();
    client = fixture.client();
  });
  afterAll(() => fixture?.cloud.stop());

  describe('warm and cold starts', () => {
    it('reuses a warm environment: module scope persists between invocations', async () => {
      // Act
      const first = (await invoke('counter')).payload as { invocations: number; pid: number; loadedAt: number };
      const second = (await invoke('counter')).payload as { invocations: number; pid: number; loadedAt: number };

      // Assess
      expect(second.pid).toBe(first.pid);
      expect(second.loadedAt).toBe(first.loadedAt);
      expect(second.invocations).toBe(first.invocations + 1);
    });

    it('concurrent invocations run in separate environments', async () => {
      // Act
      const results = await Promise.all([invoke('chaos', { action: 'sleep', ms: 300 }), invoke('chaos', { action: 'sleep', ms: 300 })]);

      // Assess
      const pids = results.map((r) => (r.payload as ChaosResult).pid);
      expect(new Set(pids).size).toBe(2);
    });

    it('reports cold starts with their init duration (debug)', async () => {
      // Act
      const { result } = await invoke('sync', { n: 1 });

      // Assess
      const report = fixture.records.find((r) => r.service === 'lambda:sync' && r.requestId === result.$metadata.requestId && r.message.startsWith('REPORT'));
      expect(report?.message).toMatch(/^REPORT Duration: [\d.]+ ms Init Duration: [\d.]+ ms$/);
    });
  });

  describe('execution environment', () => {
    let env: Record<string, unknown>;
    beforeAll(async () => {
      env = (await invoke('env')).payload as Record<string, unknown>;
    });

    it('has the synthesized variables, evaluated', () => {
      expect(env.TABLE_NAME).toBe('FixtureTable');
      expect(env.PLAIN).toBe('plain value');
    });

    it('has Lambda’s reserved variables', () => {
      const name = fixture.nameOf('env');
      expect(env).toMatchObject({
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_LAMBDA_FUNCTION_NAME: name,
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
        _HANDLER: 'index.env',
        LAMBDA_TASK_ROOT: path.join(RUNNER_FIXTURE, 'asset.handlers'),
        TZ: ':UTC',
        tz: 'UTC',
        cwd: path.join(RUNNER_FIXTURE, 'asset.handlers'),
      });
      expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    });

    it('points the AWS SDK at the edge (IP form, so S3 is path-style)', () => {
      expect(env.AWS_ENDPOINT_URL).toBe(fixture.cloud.endpoint);
      expect(env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it('carries temporary credentials of the function’s execution role, issued by IAM', () => {
      // Prepare
      const iam = fixture.cloud.services.get<IamService>('iam');
      const roleArn = String(fixture.cloud.assembly.ofType('AWS::IAM::Role').find((r) => r.logicalId === 'FunctionRole')!.getAtt('Arn'));

      // Act
      const principal = iam.principalOf({ accessKeyId: String(env.AWS_ACCESS_KEY_ID), sessionToken: String(env.AWS_SESSION_TOKEN) });

      // Assess
      expect(env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
      expect(principal).toMatchObject({ kind: 'assumed-role', roleArn, sessionName: fixture.nameOf('env') });
    });

    it('leaks nothing of the local cloud’s own environment', () => {
      expect(env.HOME).toBeUndefined();
      expect(env.AWS_PROFILE).toBeUndefined();
      expect(env.VITEST).toBeUndefined();
    });

    it('limits the V8 heap to 90 % of MemorySize', () => {
      expect(env.execArgv).toEqual(['--max-old-space-size=460']);
    });

    it('a runtime started ahead of need (after earlier cold starts) gets exactly the function’s environment', async () => {
      // Prepare: earlier tests cold-started 256 MB functions, so one standby runtime waits for the next
      const standby = (await invoke('env-standby')).payload as Record<string, unknown>;

      // Assess
      expect(standby.FLARE_LAMBDA_STANDBY).toBeUndefined();
      expect(standby).toMatchObject({
        AWS_LAMBDA_FUNCTION_NAME: fixture.nameOf('env-standby'),
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
        TABLE_NAME: 'FixtureTable',
        TZ: ':UTC',
        tz: 'UTC',
        cwd: path.join(RUNNER_FIXTURE, 'asset.handlers'),
        execArgv: ['--max-old-space-size=230'],
      });
      expect(Object.keys(standby).filter((key) => !['execArgv', 'cwd', 'tz'].includes(key)).sort()).toEqual(Object.keys(env).filter((key) => !['execArgv', 'cwd', 'tz'].includes(key)).sort());
    });
  });

  describe('failures are reported as Lambda reports them, and contained', () => {
    it('a handler that hangs past its Timeout is stopped: Sandbox.Timedout; the next invocation works', async () => {
      // Act
      const started = performance.now();
      const { result, payload } = await invoke('chaos', { action: 'hang' });
      const elapsed = performance.now() - started;
      const next = (await invoke('chaos', { action: 'ok' })).payload as ChaosResult;

      // Assess
      expect(result.FunctionError).toBe('Unhandled');
      expect(payload).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${result.$metadata.requestId} Error: Task timed out after 1.00 seconds` });
      expect(elapsed).toBeGreaterThanOrEqual(1000);
      expect(next.ok).toBe(true);
      const logged = fixture.records.find((r) => r.requestId === result.$metadata.requestId && r.level === 'error');
      expect(logged?.message).toContain('Task timed out after 1.00 seconds');
    });

    it('a handler that exits the process is Runtime.ExitError; the next invocation starts a new environment', async () => {
      // Prepare
      const before = (await invoke('chaos', { action: 'ok' })).payload as ChaosResult;

      // Act
      const { result, payload } = await invoke('chaos', { action: 'exit' });
      const after = (await invoke('chaos', { action: 'ok' })).payload as ChaosResult;

      // Assess
      expect(payload).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${result.$metadata.requestId} Error: Runtime exited with error: exit status 2` });
      expect(after.ok).toBe(true);
      expect(after.pid).not.toBe(before.pid);
    });

    it('process.exit(0) is "Runtime exited without providing a reason"', async () => {
      const { result, payload } = await invoke('exitZero');
      expect(payload).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${result.$metadata.requestId} Error: Runtime exited without providing a reason` });
    });

    it('a thrown error keeps the environment warm', async () => {
      // Prepare
      const before = (await invoke('chaos', { action: 'ok' })).payload as ChaosResult;

      // Act
      const { payload } = await invoke('chaos', { action: 'throw' });
      const after = (await invoke('chaos', { action: 'ok' })).payload as ChaosResult;

      // Assess
      expect(payload).toMatchObject({ errorType: 'Error', errorMessage: 'chaos: thrown' });
      expect(after.pid).toBe(before.pid);
    });

    it('a result that cannot be serialized is "Unable to stringify response body"; the environment stays warm', async () => {
      // Prepare
      const before = (await invoke('chaos', { action: 'ok' })).payload as ChaosResult;

      // Act
      const { result, payload } = await invoke('chaos', { action: 'circular' });
      const after = (await invoke('chaos', { action: 'ok' })).payload as ChaosResult;

      // Assess
      expect(result.FunctionError).toBe('Unhandled');
      expect(payload).toMatchObject({ errorType: 'Error', errorMessage: 'Unable to stringify response body' });
      expect(after.pid).toBe(before.pid);
    });

    it('on nodejs24.x the same failure is named Runtime.JSONStringifyError, as that runtime names it', async () => {
      const { payload } = await invoke('circular-node24');
      expect(payload).toMatchObject({ errorType: 'Runtime.JSONStringifyError', errorMessage: 'Unable to stringify response body' });
    });

    it('an exception thrown outside the handler’s promise ends the environment and is the invocation’s error', async () => {
      // Prepare: the most recently used warm environment is the one the next call gets
      const before = (await invoke('chaos', { action: 'ok' })).payload as ChaosResult;

      // Act
      const { payload } = await invoke('chaos', { action: 'crash' });
      const after = (await invoke('chaos', { action: 'ok' })).payload as ChaosResult;

      // Assess
      expect(payload).toMatchObject({ errorType: 'Error', errorMessage: 'chaos: crashed outside the handler' });
      expect(after.ok).toBe(true);
      expect(after.pid).not.toBe(before.pid);
    });

    it('an unhandled promise rejection is Runtime.UnhandledPromiseRejection', async () => {
      const { payload } = await invoke('rejection');
      expect(payload).toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: floating promise' });
    });

    it('an error at init (module load) is the invocation’s error, every time until fixed', async () => {
      // Act
      const first = await invoke('init-error');
      const second = await invoke('init-error');

      // Assess
      for (const { result, payload } of [first, second]) {
        expect(result.FunctionError).toBe('Unhandled');
        expect(payload).toMatchObject({ errorType: 'Error', errorMessage: 'cannot start: missing configuration' });
      }
    });

    it('a handler that is not exported is Runtime.HandlerNotFound', async () => {
      const { payload } = await invoke('missing-export');
      expect(payload).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' });
    });
  });

  describe('handler styles', () => {
    it('callback handlers answer through the callback', async () => {
      expect((await invoke('callback')).payload).toEqual({ via: 'callback' });
    });

    it('a callback handler is answered once the event loop is empty (callbackWaitsForEmptyEventLoop)', async () => {
      // Act
      const started = performance.now();
      const { payload } = await invoke('callbackWaits');

      // Assess: the handler left a 300 ms timer behind
      expect(payload).toEqual({ waitedFor: 'empty event loop' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('callbackWaitsForEmptyEventLoop = false answers at once', async () => {
      const started = performance.now();
      expect((await invoke('callbackNoWait')).payload).toBe('did not wait');
      expect(performance.now() - started).toBeLessThan(2000);
    });

    it('a synchronous handler’s return value is its result', async () => {
      expect((await invoke('sync', { n: 2 })).payload).toEqual({ sync: true, event: { n: 2 } });
    });
  });

  describe('logs', () => {
    it('streams console output to the reporter tagged lambda:<friendly name> and the request id, by level', async () => {
      // Act
      const { result } = await invoke('logs');

      // Assess
      const requestId = result.$metadata.requestId;
      const lines = fixture.records.filter((r) => r.service === 'lambda:logs' && r.requestId === requestId).map((r) => [r.level, r.message]);
      expect(lines).toEqual(
        expect.arrayContaining([
          ['info', `hello from ${fixture.nameOf('logs')} { n: 1 }`],
          ['info', 'an info line'],
          ['warn', 'a warning'],
          ['error', 'an error line'],
          ['debug', 'a debug line'],
          ['info', 'raw stdout'],
        ]),
      );
    });

    it('logs a handler error as the runtime’s "Invoke Error" line with the request id', async () => {
      const { result } = await invoke('throws');
      const line = fixture.records.find((r) => r.service === 'lambda:throws' && r.requestId === result.$metadata.requestId && r.level === 'error');
      expect(line?.message).toMatch(/^Invoke Error\tTypeError: bad input\n {4}at throws/);
    });
  });
});

describe('the local Lambda runtime without the IAM service', () => {
  let fixture: FixtureCloud;
  beforeAll(async () => {
    fixture = await startFixtureCloud({ services: (lambda) => [lambda] });
  });
  afterAll(() => fixture?.cloud.stop());

  it('gives functions the root credentials and warns that their calls are not checked', async () => {
    // Act
    const result = await fixture.client().send(new InvokeCommand({ FunctionName: fixture.nameOf('env') }));
    const env = decode(result.Payload) as Record<string, string>;

    // Assess
    expect(env.AWS_ACCESS_KEY_ID).toBe('test');
    expect(env.AWS_SECRET_ACCESS_KEY).toBe('test');
    expect(env.AWS_SESSION_TOKEN).toBeUndefined();
    expect(fixture.records.some((r) => r.level === 'warn' && r.message.includes('the IAM service is not running'))).toBe(true);
  });
});
