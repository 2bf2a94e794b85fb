import { GetParameterCommand, GetParametersByPathCommand, GetParametersCommand, LabelParameterVersionCommand, SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import type { IamService } from '../../../local/iam/types';
import { createSsmService } from '../../../local/ssm';
import { clientConfig, roleArn, startTestCloud } from '../../helpers/cloud';

/** The local SSM Parameter Store over Flare's synthesized assembly, with the real `@aws-sdk/client-ssm`. */
describe('SSM parameters on the local edge', () => {
  let cloud: LocalCloud;
  let ssm: SSMClient;
  const parameters = () => cloud.assembly.ofType('AWS::SSM::Parameter');
  const named = (suffix: string) => parameters().find((p) => p.ref().endsWith(`/${suffix}`))!;

  beforeAll(async () => {
    cloud = await startTestCloud({
      services: [iamService(), createSsmService()],
      reporter: new Reporter({ level: 'silent' }),
    });
    ssm = new SSMClient(clientConfig(cloud));
  });
  afterAll(() => cloud?.stop());

  describe('serialization', () => {
    it('GetParameter returns the evaluated parameter as SSM shapes it', async () => {
      // Prepare
      const parameter = named('AMPLIFY_DATA_DEFAULT_NAME');

      // Act
      const result = await ssm.send(new GetParameterCommand({ Name: parameter.ref() }));

      // Assess
      expect(result.Parameter).toMatchObject({
        Name: parameter.ref(),
        Type: 'String',
        Value: 'amplifyData',
        Version: 1,
        DataType: 'text',
        ARN: `arn:aws:ssm:us-east-1:000000000000:parameter${parameter.ref()}`,
      });
      expect(result.Parameter?.LastModifiedDate).toBeInstanceOf(Date);
    });

    it('values that reference other resources are evaluated (the GraphQL endpoint is the edge’s)', async () => {
      const result = await ssm.send(new GetParameterCommand({ Name: named('AMPLIFY_DATA_GRAPHQL_ENDPOINT').ref() }));
      expect(result.Parameter?.Value).toBe(`${cloud.endpoint}/graphql`);
    });

    it('a parameter can be named by its ARN, and selected by version', async () => {
      // Prepare
      const name = named('AMPLIFY_DATA_DEFAULT_NAME').ref();

      // Act
      const byArn = await ssm.send(new GetParameterCommand({ Name: `arn:aws:ssm:us-east-1:000000000000:parameter${name}` }));
      const byVersion = await ssm.send(new GetParameterCommand({ Name: `${name}:1` }));

      // Assess
      expect(byArn.Parameter?.Value).toBe('amplifyData');
      expect(byVersion.Parameter).toMatchObject({ Name: name, Value: 'amplifyData', Selector: ':1' });
    });

    it('GetParameters returns those found and lists the others in InvalidParameters', async () => {
      // Prepare
      const names = [named('AMPLIFY_DATA_DEFAULT_NAME').ref(), '/nope/missing', named('AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY').ref()];

      // Act
      const result = await ssm.send(new GetParametersCommand({ Names: names, WithDecryption: true }));

      // Assess
      expect(result.Parameters?.map((p) => p.Value)).toEqual(['amplifyData', 'modelIntrospectionSchema.json']);
      expect(result.InvalidParameters).toEqual(['/nope/missing']);
    });

    it('GetParametersByPath lists one level, or every level with Recursive, in pages of MaxResults', async () => {
      // Prepare
      const full = named('AMPLIFY_DATA_DEFAULT_NAME').ref();
      const directory = full.slice(0, full.lastIndexOf('/'));
      const root = directory.slice(0, directory.lastIndexOf('/'));

      // Act
      const oneLevel = await ssm.send(new GetParametersByPathCommand({ Path: directory }));
      const shallow = await ssm.send(new GetParametersByPathCommand({ Path: root }));
      const recursive = await ssm.send(new GetParametersByPathCommand({ Path: root, Recursive: true }));
      const first = await ssm.send(new GetParametersByPathCommand({ Path: directory, MaxResults: 4 }));
      const second = await ssm.send(new GetParametersByPathCommand({ Path: directory, MaxResults: 4, NextToken: first.NextToken }));

      // Assess
      expect(oneLevel.Parameters).toHaveLength(parameters().length);
      expect(shallow.Parameters).toEqual([]);
      expect(recursive.Parameters).toHaveLength(parameters().length);
      expect(first.Parameters).toHaveLength(4);
      expect(first.NextToken).toBeDefined();
      expect(second.Parameters).toHaveLength(parameters().length - 4);
      expect(second.NextToken).toBeUndefined();
      expect([...first.Parameters!, ...second.Parameters!].map((p) => p.Name)).toEqual(oneLevel.Parameters!.map((p) => p.Name));
    });
  });

  describe('validation', () => {
    it('a missing parameter is ParameterNotFound (400), with the empty message SSM gives', async () => {
      const error = await ssm.send(new GetParameterCommand({ Name: '/does/not/exist' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ParameterNotFound', $metadata: { httpStatusCode: 400 } });
    });

    it('a version that does not exist is ParameterVersionNotFound; a label is ParameterVersionLabelNotFound', async () => {
      const name = named('AMPLIFY_DATA_DEFAULT_NAME').ref();
      const version = await ssm.send(new GetParameterCommand({ Name: `${name}:2` })).catch((e: unknown) => e);
      const label = await ssm.send(new GetParameterCommand({ Name: `${name}:prod` })).catch((e: unknown) => e);
      expect(version).toMatchObject({ name: 'ParameterVersionNotFound', message: `Systems Manager could not find version 2 of ${name}. Verify the version and try again.` });
      expect(label).toMatchObject({ name: 'ParameterVersionLabelNotFound' });
    });

    it('GetParameters takes at most 10 names', async () => {
      const names = Array.from({ length: 11 }, (_, i) => `/p/${i}`);
      const error = await ssm.send(new GetParametersCommand({ Names: names })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ValidationException' });
      expect((error as Error).message).toMatch(/^1 validation error detected: Value '\[.*\]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10$/);
    });

    it('GetParametersByPath wants a path that starts with a slash, and a valid NextToken', async () => {
      const badPath = await ssm.send(new GetParametersByPathCommand({ Path: 'amplify' })).catch((e: unknown) => e);
      const badToken = await ssm.send(new GetParametersByPathCommand({ Path: '/amplify', NextToken: 'garbage' })).catch((e: unknown) => e);
      const badMax = await ssm.send(new GetParametersByPathCommand({ Path: '/amplify', MaxResults: 11 })).catch((e: unknown) => e);
      expect(badPath).toMatchObject({ name: 'ValidationException' });
      expect((badPath as Error).message).toMatch(/^The parameter doesn't meet the parameter name requirements/);
      expect(badToken).toMatchObject({ name: 'InvalidNextToken' });
      expect(badMax).toMatchObject({ name: 'ValidationException' });
    });

    it('Parameter Store operations not implemented locally are UnknownOperationException naming themselves; other SSM APIs too', async () => {
      const label = await ssm.send(new LabelParameterVersionCommand({ Name: '/x', Labels: ['prod'] })).catch((e: unknown) => e);
      const runCommand = await ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript' })).catch((e: unknown) => e);
      expect(label).toMatchObject({ name: 'UnknownOperationException', message: 'The local SSM Parameter Store does not implement LabelParameterVersion (parameter labels)' });
      expect(runCommand).toMatchObject({ name: 'UnknownOperationException', message: 'Operation SendCommand is not supported by the local ssm' });
    });

    it('a GetParameter name outside the model’s constraints gets AWS’s validation message', async () => {
      const empty = await ssm.send(new GetParameterCommand({ Name: '' })).catch((e: unknown) => e);
      expect(empty).toMatchObject({
        name: 'ValidationException',
        message: "1 validation error detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1",
        $metadata: { httpStatusCode: 400 },
      });
    });

    it('callers are authenticated: an unknown access key is UnrecognizedClientException', async () => {
      const stranger = new SSMClient(clientConfig(cloud, { accessKeyId: 'AKIDNOPE', secretAccessKey: 'x' }));
      const error = await stranger.send(new GetParameterCommand({ Name: named('AMPLIFY_DATA_DEFAULT_NAME').ref() })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'UnrecognizedClientException' });
    });

    it('and authorized per parameter: a function role reads only what Amplify granted it', async () => {
      // Prepare: incident-lifecycle's role may ssm:GetParameters its FLARE_FILES_BUCKET_NAME reference only
      const iam = cloud.services.get<IamService>('iam');
      const credentials = iam.issueRoleCredentials(roleArn(cloud, 'incidentlifecyclelambdaServiceRole'), { sessionName: 'test' });
      const asRole = new SSMClient(clientConfig(cloud, credentials));
      const granted = named('FLARE_FILES_BUCKET_NAME').ref();
      const other = named('AMPLIFY_DATA_DEFAULT_NAME').ref();

      // Act
      const allowed = await asRole.send(new GetParametersCommand({ Names: [granted] }));
      const otherAction = await asRole.send(new GetParameterCommand({ Name: granted })).catch((e: unknown) => e);
      const otherParameter = await asRole.send(new GetParametersCommand({ Names: [granted, other] })).catch((e: unknown) => e);

      // Assess
      expect(allowed.Parameters?.[0]?.Name).toBe(granted);
      expect(otherAction).toMatchObject({ name: 'AccessDeniedException' });
      expect((otherAction as Error).message).toContain(`is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:000000000000:parameter${granted}`);
      expect(otherParameter).toMatchObject({ name: 'AccessDeniedException' });
      expect((otherParameter as Error).message).toContain(`ssm:GetParameters on resource: arn:aws:ssm:us-east-1:000000000000:parameter${other}`);
    });
  });
});
