import { GetFunctionCommand, InvokeCommand, ListFunctionsCommand, ListTagsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IamService } from '../../../local/iam/types';
import { decode, startFixtureCloud, type FixtureCloud } from './helpers';

/**
 * The Lambda Invoke API on the local edge, driven by the real `@aws-sdk/client-lambda`
 * against small fixture bundles (tests/fixtures/lambda-runner).
 */
describe('Lambda Invoke on the local edge', () => {
  let fixture: FixtureCloud;
  let client: LambdaClient;
  const invoke = (friendly: string, payload?: unknown, extra: Partial<ConstructorParameters<typeof InvokeCommand>[0]> = {}) =>
    client.send(new InvokeCommand({ FunctionName: fixture.nameOf(friendly), Payload: payload === undefined ? undefined : JSON.stringify(payload), ...extra }));

  beforeAll(async () => {
    fixture = await startFixtureCloud();
    client = fixture.client();
  });
  afterAll(() => fixture?.cloud.stop());

  describe('serialization', () => {
    it('RequestResponse returns the handler result as JSON with status 200 and the executed version', async () => {
      // Act
      const result = await invoke('echo', { hello: 'world' });

      // Assess
      expect(result.StatusCode).toBe(200);
      expect(result.ExecutedVersion).toBe('$LATEST');
      expect(result.FunctionError).toBeUndefined();
      expect(decode(result.Payload)).toMatchObject({ event: { hello: 'world' } });
    });

    it('hands the handler Lambda’s context object; awsRequestId is the response’s request id', async () => {
      // Act
      const result = await invoke('echo', {});
      const context = decode(result.Payload) as Record<string, unknown>;

      // Assess
      const name = fixture.nameOf('echo');
      expect(context.awsRequestId).toBe(result.$metadata.requestId);
      expect(context).toMatchObject({
        functionName: name,
        functionVersion: '$LATEST',
        invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
        memoryLimitInMB: '256',
        logGroupName: `/aws/lambda/${name}`,
        callbackWaitsForEmptyEventLoop: true,
        clientContext: null,
      });
      expect(context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
      expect(context.remainingMs).toBeGreaterThan(2000);
      expect(context.remainingMs).toBeLessThanOrEqual(3000);
    });

    it('passes X-Amz-Client-Context to the handler as context.clientContext', async () => {
      // Prepare
      const clientContext = { custom: { tenant: 'acme' }, env: { locale: 'en' } };

      // Act
      const result = await invoke('echo', {}, { ClientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64') });

      // Assess
      expect((decode(result.Payload) as { clientContext: unknown }).clientContext).toEqual(clientContext);
    });

    it('an empty payload reaches the handler as {}', async () => {
      const result = await invoke('echo');
      expect((decode(result.Payload) as { event: unknown }).event).toEqual({});
    });

    it('a handler error is status 200, X-Amz-Function-Error Unhandled and { errorType, errorMessage, trace }', async () => {
      // Act
      const result = await invoke('throws', {});
      const error = decode(result.Payload) as { errorType: string; errorMessage: string; trace: string[] };

      // Assess
      expect(result.StatusCode).toBe(200);
      expect(result.FunctionError).toBe('Unhandled');
      expect(error.errorType).toBe('TypeError');
      expect(error.errorMessage).toBe('bad input');
      expect(error.trace[0]).toBe('TypeError: bad input');
      expect(error.trace[1]).toMatch(/at throws \(.*asset\.handlers\/index\.mjs/);
    });

    it('errorType is the error’s name (custom errors keep theirs); a thrown string is errorType "string"', async () => {
      const custom = decode((await invoke('throwsCustom', {})).Payload);
      const string = decode((await invoke('throwsString', {})).Payload);
      expect(custom).toMatchObject({ errorType: 'ValidationError', errorMessage: 'Illegal transition from RESOLVED to ACKNOWLEDGED' });
      expect(string).toEqual({ errorType: 'string', errorMessage: 'plain string', trace: [] });
    });

    it('Event answers 202 with an empty body and runs the function in the background', async () => {
      // Prepare
      const before = fixture.records.length;

      // Act
      const result = await invoke('logs', {}, { InvocationType: 'Event' });

      // Assess
      expect(result.StatusCode).toBe(202);
      expect(result.Payload?.length ?? 0).toBe(0);
      await eventually(() => fixture.records.slice(before).some((r) => r.service === 'lambda:logs' && r.message === 'an info line' && r.requestId === result.$metadata.requestId));
    });

    it('DryRun answers 204 and does not run the function', async () => {
      // Prepare
      const first = decode((await invoke('counter', {})).Payload) as { invocations: number };

      // Act
      const dry = await invoke('counter', {}, { InvocationType: 'DryRun' });
      const after = decode((await invoke('counter', {})).Payload) as { invocations: number };

      // Assess
      expect(dry.StatusCode).toBe(204);
      expect(after.invocations).toBe(first.invocations + 1);
    });

    it('LogType Tail returns the invocation’s log (base64, last 4 KB) in X-Amz-Log-Result', async () => {
      // Act
      const result = await invoke('logs', {}, { LogType: 'Tail' });
      const log = Buffer.from(result.LogResult!, 'base64').toString('utf8');

      // Assess
      expect(log).toContain(`START RequestId: ${result.$metadata.requestId} Version: $LATEST`);
      expect(log).toMatch(new RegExp(`\\d{4}-\\d{2}-\\d{2}T[^\\t]+Z\\t${result.$metadata.requestId}\\tINFO\\tan info line`));
      expect(log).toContain('\tWARN\ta warning');
      expect(log).toContain(`END RequestId: ${result.$metadata.requestId}`);
    });
  });

  describe('validation', () => {
    it('an unknown function is ResourceNotFoundException (404) naming its ARN', async () => {
      const error = await client.send(new InvokeCommand({ FunctionName: 'nope' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ResourceNotFoundException', message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope', $metadata: { httpStatusCode: 404 } });
    });

    it('functions are found by name, full ARN and partial ARN; only $LATEST exists', async () => {
      // Prepare
      const name = fixture.nameOf('echo');

      // Act
      const byArn = await client.send(new InvokeCommand({ FunctionName: `arn:aws:lambda:us-east-1:000000000000:function:${name}` }));
      const byPartial = await client.send(new InvokeCommand({ FunctionName: `000000000000:function:${name}:$LATEST` }));
      const version = await client.send(new InvokeCommand({ FunctionName: name, Qualifier: '1' })).catch((e: unknown) => e);

      // Assess
      expect(byArn.StatusCode).toBe(200);
      expect(byPartial.StatusCode).toBe(200);
      expect(version).toMatchObject({ name: 'ResourceNotFoundException', message: `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${name}:1` });
    });

    it('a payload that is not JSON is InvalidRequestContentException', async () => {
      const error = await client.send(new InvokeCommand({ FunctionName: fixture.nameOf('echo'), Payload: Buffer.from('{not json') })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'InvalidRequestContentException', $metadata: { httpStatusCode: 400 } });
      expect((error as Error).message).toMatch(/^Could not parse request body into json: /);
    });

    it('a request payload over 6 MB is RequestTooLargeException (413)', async () => {
      // Prepare: a JSON string of 6 MiB + 1 byte
      const payload = JSON.stringify('x'.repeat(6_291_456 - 1));

      // Act
      const error = await invoke('echo', undefined, { Payload: Buffer.from(payload) }).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({
        name: 'RequestTooLargeException',
        message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
        $metadata: { httpStatusCode: 413 },
      });
    });

    it('a response over 6 MB is the function error Function.ResponseSizeTooLarge', async () => {
      // Act
      const result = await invoke('sized', { size: 6_291_556 });

      // Assess
      expect(result.FunctionError).toBe('Unhandled');
      expect(decode(result.Payload)).toEqual({
        errorType: 'Function.ResponseSizeTooLarge',
        errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      });
    });

    it('a response just under the limit is returned whole', async () => {
      const result = await invoke('sized', { size: 6_291_556 - 2 });
      expect(result.FunctionError).toBeUndefined();
      expect(result.Payload!.length).toBe(6_291_556);
    });

    it('beyond ReservedConcurrentExecutions a call is throttled: TooManyRequestsException (429)', async () => {
      // Act: Slow reserves 1; the second concurrent call finds it busy
      const [first, second] = await Promise.allSettled([invoke('slow', { ms: 500 }), invoke('slow', { ms: 500 })]);

      // Assess
      expect(first.status).toBe('fulfilled');
      expect(second.status).toBe('rejected');
      expect((second as PromiseRejectedResult).reason).toMatchObject({
        name: 'TooManyRequestsException',
        Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
        message: 'Rate Exceeded.',
        $metadata: { httpStatusCode: 429 },
      });
    });

    it('ReservedConcurrentExecutions 0 throttles every call', async () => {
      const error = await invoke('disabled', {}).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'TooManyRequestsException' });
    });

    it('a function whose runtime cannot run locally is a clear error naming why', async () => {
      const python = fixture.lambda.functions().find((f) => f.runtime === 'python3.13')!;
      const error = await client.send(new InvokeCommand({ FunctionName: python.name })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ServiceException' });
      expect((error as Error).message).toBe(`The local cloud cannot run function ${python.name}: runtime python3.13 is not available locally (only Node.js runtimes run here)`);
    });

    it('an unknown access key is UnrecognizedClientException (403)', async () => {
      const error = await fixture.client({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' }).send(new InvokeCommand({ FunctionName: fixture.nameOf('echo') })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 403 } });
    });

    it('a wrong secret key is InvalidSignatureException (403)', async () => {
      const error = await fixture.client({ accessKeyId: 'test', secretAccessKey: 'wrong' }).send(new InvokeCommand({ FunctionName: fixture.nameOf('echo') })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    });

    it('a role without lambda:InvokeFunction on the function gets AccessDeniedException', async () => {
      // Prepare: credentials of InvokerRole, which may invoke Echo only
      const iam = fixture.cloud.services.get<IamService>('iam');
      const roleArn = String(fixture.cloud.assembly.ofType('AWS::IAM::Role').find((r) => r.logicalId === 'InvokerRole')!.getAtt('Arn'));
      const credentials = iam.issueRoleCredentials(roleArn, { sessionName: 'test-session' });
      const asRole = fixture.client({ accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken });

      // Act
      const allowed = await asRole.send(new InvokeCommand({ FunctionName: fixture.nameOf('echo') }));
      const denied = await asRole.send(new InvokeCommand({ FunctionName: fixture.nameOf('counter') })).catch((e: unknown) => e);

      // Assess
      expect(allowed.StatusCode).toBe(200);
      const counterArn = `arn:aws:lambda:us-east-1:000000000000:function:${fixture.nameOf('counter')}`;
      expect(denied).toMatchObject({
        name: 'AccessDeniedException',
        message: `User: arn:aws:sts::000000000000:assumed-role/${roleArn.split('/').pop()}/test-session is not authorized to perform: lambda:InvokeFunction on resource: ${counterArn} because no identity-based policy allows the lambda:InvokeFunction action`,
        $metadata: { httpStatusCode: 403 },
      });
    });
  });

  describe('functionality', () => {
    it('ListFunctions, GetFunction and ListTags describe the assembly’s functions (the invoke script finds friendly names with them)', async () => {
      // Act
      const listed = await client.send(new ListFunctionsCommand({}));
      const page = await client.send(new ListFunctionsCommand({ MaxItems: 5 }));
      const next = await client.send(new ListFunctionsCommand({ MaxItems: 5, Marker: page.NextMarker }));
      const got = await client.send(new GetFunctionCommand({ FunctionName: fixture.nameOf('slow') }));
      const tags = await client.send(new ListTagsCommand({ Resource: `arn:aws:lambda:us-east-1:000000000000:function:${fixture.nameOf('echo')}` }));

      // Assess
      expect(listed.Functions).toHaveLength(fixture.lambda.functions().length);
      expect(page.Functions).toHaveLength(5);
      expect(next.Functions![0].FunctionName).not.toBe(page.Functions![0].FunctionName);
      expect(got.Configuration).toMatchObject({ FunctionName: fixture.nameOf('slow'), Runtime: 'nodejs20.x', Handler: 'index.slow', Timeout: 10, MemorySize: 256 });
      expect(got.Configuration?.Environment?.Variables).toMatchObject({ TABLE_NAME: 'FixtureTable' });
      expect(got.Concurrency?.ReservedConcurrentExecutions).toBe(1);
      expect(tags.Tags).toEqual({ 'amplify:friendly-name': 'echo' });
    });

    it('a function calls another through the SDK with its role’s credentials; IAM decides', async () => {
      // Act: SdkInvoke runs as InvokerRole (lambda:InvokeFunction on Echo only)
      const allowed = decode((await invoke('sdkInvoke', { target: fixture.nameOf('echo') })).Payload) as { ok: boolean; payload: { event: unknown } };
      const denied = decode((await invoke('sdkInvoke', { target: fixture.nameOf('counter') })).Payload) as { ok: boolean; name: string };

      // Assess
      expect(allowed).toMatchObject({ ok: true, payload: { event: { from: 'function' } } });
      expect(denied).toMatchObject({ ok: false, name: 'AccessDeniedException' });
    });
  });
});

async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
