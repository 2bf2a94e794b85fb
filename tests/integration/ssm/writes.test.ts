import {
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { getSecretClient } from '@aws-amplify/backend-secret';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import type { IamService } from '../../../local/iam/types';
import { createSsmService } from '../../../local/ssm';
import { clientConfig, roleArn, ROOT, startTestCloud } from '../../helpers/cloud';

/** What a call refused with. */
const refusal = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a refusal'); }, (error: unknown) => error as Error & { $metadata: { httpStatusCode: number } });

/**
 * Parameter Store writes (PutParameter, DeleteParameter, DeleteParameters) and the reads of
 * what was written (GetParameterHistory, DescribeParameters), through the real
 * `@aws-sdk/client-ssm` and through the secret client `ampx sandbox secret` uses.
 */
describe('SSM Parameter Store writes on the local edge', () => {
  let cloud: LocalCloud;
  let ssm: SSMClient;

  beforeAll(async () => {
    cloud = await startTestCloud({ services: [iamService(), createSsmService()], reporter: new Reporter({ level: 'silent' }) });
    ssm = new SSMClient(clientConfig(cloud));
  });
  afterAll(() => cloud?.stop());

  describe('PutParameter', () => {
    it('creates version 1, and Overwrite adds versions that GetParameter and GetParameterHistory return', async () => {
      // Act
      const created = await ssm.send(new PutParameterCommand({ Name: '/app/db/url', Value: 'postgres://a', Type: 'String', Description: 'the database' }));
      const overwritten = await ssm.send(new PutParameterCommand({ Name: '/app/db/url', Value: 'postgres://b', Overwrite: true }));
      const read = await ssm.send(new GetParameterCommand({ Name: '/app/db/url' }));
      const first = await ssm.send(new GetParameterCommand({ Name: '/app/db/url:1' }));
      const history = await ssm.send(new GetParameterHistoryCommand({ Name: '/app/db/url' }));

      // Assess
      expect(created).toMatchObject({ Version: 1, Tier: 'Standard' });
      expect(overwritten).toMatchObject({ Version: 2, Tier: 'Standard' });
      expect(read.Parameter).toMatchObject({ Name: '/app/db/url', Value: 'postgres://b', Type: 'String', Version: 2, DataType: 'text' });
      expect(first.Parameter).toMatchObject({ Value: 'postgres://a', Version: 1, Selector: ':1' });
      expect(history.Parameters?.map((p) => [p.Version, p.Value, p.Description])).toEqual([
        [1, 'postgres://a', 'the database'],
        [2, 'postgres://b', 'the database'],
      ]);
      expect(history.Parameters?.[1]).toMatchObject({ Type: 'String', Tier: 'Standard', Labels: [], Policies: [], LastModifiedUser: 'arn:aws:iam::000000000000:root' });
      expect(history.Parameters?.[1].LastModifiedDate).toBeInstanceOf(Date);
    });

    it('an existing parameter without Overwrite is ParameterAlreadyExists, and nothing changes', async () => {
      await ssm.send(new PutParameterCommand({ Name: '/app/once', Value: 'first', Type: 'String' }));
      const error = await refusal(ssm.send(new PutParameterCommand({ Name: '/app/once', Value: 'second', Type: 'String' })));
      expect(error).toMatchObject({ name: 'ParameterAlreadyExists', message: 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.', $metadata: { httpStatusCode: 400 } });
      expect((await ssm.send(new GetParameterCommand({ Name: '/app/once' }))).Parameter?.Value).toBe('first');
    });

    it('a SecureString is shown encrypted unless WithDecryption, in history too, with the default KMS key', async () => {
      await ssm.send(new PutParameterCommand({ Name: '/app/token', Value: 's3cr3t', Type: 'SecureString' }));
      const plain = await ssm.send(new GetParameterCommand({ Name: '/app/token' }));
      const decrypted = await ssm.send(new GetParameterCommand({ Name: '/app/token', WithDecryption: true }));
      const history = await ssm.send(new GetParameterHistoryCommand({ Name: '/app/token' }));
      expect(plain.Parameter?.Value).not.toContain('s3cr3t');
      expect(decrypted.Parameter?.Value).toBe('s3cr3t');
      expect(history.Parameters?.[0]).toMatchObject({ KeyId: 'alias/aws/ssm' });
      expect(history.Parameters?.[0].Value).not.toContain('s3cr3t');
    });

    it('validates as the model says: a sensitive Value is never shown; several errors are listed together', async () => {
      const empty = await refusal(ssm.send(new PutParameterCommand({ Name: '/app/empty', Value: '', Type: 'String' })));
      const several = await refusal(ssm.send(new PutParameterCommand({ Name: '', Value: '', Type: 'Text' as 'String' })));
      expect(empty).toMatchObject({ name: 'ValidationException', message: "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1" });
      expect(several.message).toBe(
        "3 validation errors detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
          "Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
          "Value 'Text' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [String, StringList, SecureString]",
      );
    });

    it('enforces Parameter Store’s own rules: names, type on creation, tags with overwrite, allowed pattern, tier sizes, hierarchy depth', async () => {
      const prefixed = await refusal(ssm.send(new PutParameterCommand({ Name: 'awsThing', Value: 'v', Type: 'String' })));
      const reserved = await refusal(ssm.send(new PutParameterCommand({ Name: '/aws/service/x', Value: 'v', Type: 'String' })));
      const spaces = await refusal(ssm.send(new PutParameterCommand({ Name: '/has space', Value: 'v', Type: 'String' })));
      const untyped = await refusal(ssm.send(new PutParameterCommand({ Name: '/app/untyped', Value: 'v' })));
      const tagged = await refusal(ssm.send(new PutParameterCommand({ Name: '/app/tagged', Value: 'v', Type: 'String', Overwrite: true, Tags: [{ Key: 'team', Value: 'ops' }] })));
      const pattern = await refusal(ssm.send(new PutParameterCommand({ Name: '/app/port', Value: 'eighty', Type: 'String', AllowedPattern: '^\\d+$' })));
      const large = await refusal(ssm.send(new PutParameterCommand({ Name: '/app/large', Value: 'x'.repeat(4097), Type: 'String' })));
      const deep = await refusal(ssm.send(new PutParameterCommand({ Name: `/${Array.from({ length: 16 }, (_, i) => `l${i}`).join('/')}`, Value: 'v', Type: 'String' })));

      expect(prefixed).toMatchObject({ name: 'ValidationException', message: 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).' });
      expect(reserved).toMatchObject({ name: 'AccessDeniedException', message: 'No access to reserved parameter name: /aws/service/x.' });
      expect(spaces).toMatchObject({ name: 'ValidationException' });
      expect(spaces.message).toMatch(/^Parameter name: .*each sub-path can be formed as a mix of letters, numbers and the following 3 symbols \.-_$/);
      expect(untyped).toMatchObject({ name: 'ValidationException', message: 'A parameter type is required when you create a parameter.' });
      expect(tagged).toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/^Invalid request: tags and overwrite can't be used together/) });
      expect(pattern).toMatchObject({ name: 'ParameterPatternMismatchException', message: 'Parameter value, cannot be validated against allowedPattern: ^\\d+$' });
      expect(large).toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/^Standard tier parameters support a maximum parameter value of 4096 characters/) });
      expect(deep).toMatchObject({ name: 'HierarchyLevelLimitExceededException' });
    });

    it('Intelligent-Tiering stores a value that does not fit Standard as Advanced', async () => {
      const result = await ssm.send(new PutParameterCommand({ Name: '/app/big', Value: 'x'.repeat(5000), Type: 'String', Tier: 'Intelligent-Tiering' }));
      expect(result.Tier).toBe('Advanced');
    });
  });

  describe('DeleteParameter and DeleteParameters', () => {
    it('DeleteParameter removes every version; a missing parameter is ParameterNotFound', async () => {
      await ssm.send(new PutParameterCommand({ Name: '/app/gone', Value: 'v', Type: 'String' }));
      await ssm.send(new DeleteParameterCommand({ Name: '/app/gone' }));
      const read = await refusal(ssm.send(new GetParameterCommand({ Name: '/app/gone' })));
      const again = await refusal(ssm.send(new DeleteParameterCommand({ Name: '/app/gone' })));
      expect(read).toMatchObject({ name: 'ParameterNotFound' });
      expect(again).toMatchObject({ name: 'ParameterNotFound', message: 'Parameter /app/gone not found.' });
    });

    it('DeleteParameters deletes what exists and lists the rest as invalid; more than 10 names is a validation error', async () => {
      await ssm.send(new PutParameterCommand({ Name: '/batch/a', Value: '1', Type: 'String' }));
      await ssm.send(new PutParameterCommand({ Name: '/batch/b', Value: '2', Type: 'String' }));
      const result = await ssm.send(new DeleteParametersCommand({ Names: ['/batch/a', '/batch/missing', '/batch/b'] }));
      const tooMany = await refusal(ssm.send(new DeleteParametersCommand({ Names: Array.from({ length: 11 }, (_, i) => `/n/${i}`) })));
      expect(result).toMatchObject({ DeletedParameters: ['/batch/a', '/batch/b'], InvalidParameters: ['/batch/missing'] });
      expect(tooMany.message).toMatch(/^1 validation error detected: Value '\[\/n\/0, .*\]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10$/);
    });
  });

  describe('GetParameterHistory', () => {
    it('pages versions oldest first; MaxResults is 1 to 50; a missing parameter is ParameterNotFound', async () => {
      await ssm.send(new PutParameterCommand({ Name: '/hist/p', Value: 'v1', Type: 'String' }));
      for (const value of ['v2', 'v3']) await ssm.send(new PutParameterCommand({ Name: '/hist/p', Value: value, Overwrite: true }));
      const first = await ssm.send(new GetParameterHistoryCommand({ Name: '/hist/p', MaxResults: 2 }));
      const second = await ssm.send(new GetParameterHistoryCommand({ Name: '/hist/p', MaxResults: 2, NextToken: first.NextToken }));
      const tooMany = await refusal(ssm.send(new GetParameterHistoryCommand({ Name: '/hist/p', MaxResults: 51 })));
      const missing = await refusal(ssm.send(new GetParameterHistoryCommand({ Name: '/hist/none' })));
      expect(first.Parameters?.map((p) => p.Value)).toEqual(['v1', 'v2']);
      expect(second.Parameters?.map((p) => p.Value)).toEqual(['v3']);
      expect(second.NextToken).toBeUndefined();
      expect(tooMany.message).toBe("1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50");
      expect(missing).toMatchObject({ name: 'ParameterNotFound' });
    });
  });

  describe('DescribeParameters', () => {
    beforeAll(async () => {
      await ssm.send(new PutParameterCommand({ Name: '/desc/one', Value: '1', Type: 'String', Tags: [{ Key: 'team', Value: 'ops' }] }));
      await ssm.send(new PutParameterCommand({ Name: '/desc/two', Value: '2', Type: 'SecureString', Description: 'second' }));
      await ssm.send(new PutParameterCommand({ Name: '/desc/deep/three', Value: '3', Type: 'StringList' }));
    });

    it('lists metadata without values, filtered by path, type, name and tag', async () => {
      const oneLevel = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Values: ['/desc'] }] }));
      const recursive = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: ['/desc'] }] }));
      const secure = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }, { Key: 'Name', Option: 'BeginsWith', Values: ['/desc/'] }] }));
      const byTag = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'tag:team', Values: ['ops'] }] }));
      const legacy = await ssm.send(new DescribeParametersCommand({ Filters: [{ Key: 'Name', Values: ['/desc/deep'] }] }));

      expect(oneLevel.Parameters?.map((p) => p.Name)).toEqual(['/desc/one', '/desc/two']);
      expect(recursive.Parameters?.map((p) => p.Name)).toEqual(['/desc/deep/three', '/desc/one', '/desc/two']);
      expect(secure.Parameters).toHaveLength(1);
      expect(secure.Parameters?.[0]).toMatchObject({ Name: '/desc/two', Type: 'SecureString', KeyId: 'alias/aws/ssm', Description: 'second', Version: 1, Tier: 'Standard', DataType: 'text', ARN: 'arn:aws:ssm:us-east-1:000000000000:parameter/desc/two' });
      expect(secure.Parameters?.[0]).not.toHaveProperty('Value');
      expect(byTag.Parameters?.map((p) => p.Name)).toEqual(['/desc/one']);
      expect(legacy.Parameters?.map((p) => p.Name)).toEqual(['/desc/deep/three']);
    });

    it('pages in tens by default; refuses filters SSM refuses', async () => {
      const all = await ssm.send(new DescribeParametersCommand({}));
      const both = await refusal(ssm.send(new DescribeParametersCommand({ Filters: [{ Key: 'Name', Values: ['/a'] }], ParameterFilters: [{ Key: 'Type', Values: ['String'] }] })));
      const label = await refusal(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Label', Values: ['prod'] }] })));
      const option = await refusal(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Type', Option: 'Contains', Values: ['String'] }] })));
      const badKey = await refusal(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Colour', Values: ['red'] }] })));

      expect(all.Parameters).toHaveLength(10);
      expect(all.NextToken).toBeDefined();
      expect(both).toMatchObject({ name: 'ValidationException', message: 'You can use either Filters or ParameterFilters in a single request.' });
      expect(label).toMatchObject({ name: 'InvalidFilterKey', message: 'The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier, DataType].' });
      expect(option).toMatchObject({ name: 'InvalidFilterOption', message: 'The following filter option is not valid: Contains. Valid options include: [BeginsWith, Equals].' });
      expect(badKey.message).toBe(
        "1 validation error detected: Value 'Colour' at 'parameterFilters.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType",
      );
    });
  });

  describe('IAM', () => {
    it('writes are authorized per parameter as ssm:PutParameter / ssm:DeleteParameter(s)', async () => {
      // Prepare: a function role Amplify granted only ssm:GetParameters on its own references
      const iam = cloud.services.get<IamService>('iam');
      const credentials = iam.issueRoleCredentials(roleArn(cloud, 'incidentlifecyclelambdaServiceRole'), { sessionName: 'test' });
      const asRole = new SSMClient(clientConfig(cloud, credentials));

      // Act
      const put = await refusal(asRole.send(new PutParameterCommand({ Name: '/app/by-role', Value: 'v', Type: 'String' })));
      const remove = await refusal(asRole.send(new DeleteParametersCommand({ Names: ['/app/db/url'] })));
      const describe = await refusal(asRole.send(new DescribeParametersCommand({})));

      // Assess
      expect(put).toMatchObject({ name: 'AccessDeniedException' });
      expect(put.message).toContain('is not authorized to perform: ssm:PutParameter on resource: arn:aws:ssm:us-east-1:000000000000:parameter/app/by-role');
      expect(remove.message).toContain('ssm:DeleteParameters on resource: arn:aws:ssm:us-east-1:000000000000:parameter/app/db/url');
      expect(describe.message).toContain('ssm:DescribeParameters on resource: arn:aws:ssm:us-east-1:000000000000:*');
    });
  });

  describe('ampx sandbox secret (the real @aws-amplify/backend-secret client)', () => {
    it('sets, lists, reads, and removes secrets the way `ampx sandbox secret` does', async () => {
      // Prepare: the client ampx uses, pointed at the local edge as AWS_ENDPOINT_URL points it
      const backend = { namespace: 'flare', name: 'dev', type: 'sandbox' } as const;
      process.env.AWS_ENDPOINT_URL_SSM = cloud.endpoint;
      const secrets = getSecretClient({ credentials: async () => ROOT, region: 'us-east-1' });
      try {
        // Act
        const set = await secrets.setSecret(backend, 'STRIPE_KEY', 'sk_test_1');
        const reset = await secrets.setSecret(backend, 'STRIPE_KEY', 'sk_test_2');
        await secrets.setSecret(backend, 'OTHER', 'o');
        const listed = await secrets.listSecrets(backend);
        const read = await secrets.getSecret(backend, { name: 'STRIPE_KEY' });
        const older = await secrets.getSecret(backend, { name: 'STRIPE_KEY', version: 1 });
        await secrets.removeSecret(backend, 'OTHER');
        await secrets.removeSecrets(backend, ['STRIPE_KEY']);
        const afterRemoval = await secrets.listSecrets(backend);

        // Assess
        expect([set.version, reset.version]).toEqual([1, 2]);
        expect(listed.map((secret) => secret.name).sort()).toEqual(['OTHER', 'STRIPE_KEY']);
        expect(read).toMatchObject({ name: 'STRIPE_KEY', value: 'sk_test_2', version: 2 });
        expect(older.value).toBe('sk_test_1');
        expect(afterRemoval).toEqual([]);
      } finally {
        delete process.env.AWS_ENDPOINT_URL_SSM;
      }
    });
  });
});

describe('SSM parameters across restarts', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'flare-ssm-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('keeps what callers put, with its history, and the assembly’s parameters stay as the assembly says', async () => {
    // Prepare
    const start = () => startTestCloud({ stateDir, services: [createSsmService()], reporter: new Reporter({ level: 'silent' }) });
    const first = await start();
    const ssm = new SSMClient(clientConfig(first));
    await ssm.send(new PutParameterCommand({ Name: '/kept', Value: 'one', Type: 'SecureString' }));
    await ssm.send(new PutParameterCommand({ Name: '/kept', Value: 'two', Overwrite: true }));
    const declared = first.assembly.ofType('AWS::SSM::Parameter').find((p) => p.ref().endsWith('/AMPLIFY_DATA_DEFAULT_NAME'))!.ref();
    await first.stop();

    // Act
    const second = await start();
    const again = new SSMClient(clientConfig(second));
    const kept = await again.send(new GetParameterHistoryCommand({ Name: '/kept', WithDecryption: true }));
    const fromAssembly = await again.send(new GetParameterCommand({ Name: declared }));
    await second.stop();

    // Assess
    expect(kept.Parameters?.map((p) => [p.Version, p.Value])).toEqual([[1, 'one'], [2, 'two']]);
    expect(fromAssembly.Parameter).toMatchObject({ Value: 'amplifyData', Version: 1 });
  });
});
