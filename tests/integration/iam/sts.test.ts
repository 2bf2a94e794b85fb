import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reporter, type LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import type { IamService } from '../../../local/iam/types';
import { clientConfig, roleArn, startTestCloud } from '../../helpers/cloud';

/** STS on the edge, driven by the real @aws-sdk/client-sts. */
describe('STS on the local edge', () => {
  let cloud: LocalCloud;
  let iam: IamService;
  const clock = { offset: 0 };
  beforeAll(async () => {
    cloud = await startTestCloud({
      services: [iamService({ now: () => Date.now() + clock.offset })],
      reporter: new Reporter({ level: 'silent' }),
    });
    iam = cloud.services.get<IamService>('iam');
  });
  afterAll(() => cloud?.stop());

  const sts = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, extra: Record<string, unknown> = {}) =>
    new STSClient({ ...clientConfig(cloud, credentials), ...extra });

  describe('functionality', () => {
    it('GetCallerIdentity names the root for test / test', async () => {
      // Act
      const identity = await sts({ accessKeyId: 'test', secretAccessKey: 'test' }).send(new GetCallerIdentityCommand({}));

      // Assess
      expect(identity).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root', UserId: '000000000000' });
    });

    it('GetCallerIdentity names the assumed role of temporary credentials', async () => {
      // Prepare
      const credentials = iam.issueRoleCredentials(roleArn(cloud, 'postconfirmationlambdaServiceRole'), { sessionName: 'post-confirmation' });

      // Act
      const identity = await sts({ accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken }).send(new GetCallerIdentityCommand({}));

      // Assess
      const roleName = cloud.assembly.ofType('AWS::IAM::Role').find((r) => r.logicalId.startsWith('postconfirmationlambdaServiceRole'))!.ref();
      expect(identity.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${roleName}/post-confirmation`);
      expect(identity.UserId).toMatch(/^AROA[A-Z0-9]{17}:post-confirmation$/);
    });

    it('lets the SDK correct its clock from the Date header of a "Signature expired" answer, as AWS does', async () => {
      // Prepare: the client's clock is 20 minutes slow
      const client = sts({ accessKeyId: 'test', secretAccessKey: 'test' }, { systemClockOffset: -20 * 60_000 });

      // Act
      const first = await client.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
      const second = await client.send(new GetCallerIdentityCommand({}));

      // Assess
      expect(first).toMatchObject({ name: 'SignatureDoesNotMatch' });
      expect(Math.abs(client.config.systemClockOffset)).toBeLessThan(60_000);
      expect(second.Account).toBe('000000000000');
    });
  });

  describe('validation', () => {
    it('rejects a signature made with a wrong secret: SignatureDoesNotMatch, 403', async () => {
      // Act
      const error = await sts({ accessKeyId: 'test', secretAccessKey: 'forged' }).send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    });

    it('rejects an unknown access key: InvalidClientTokenId, 403', async () => {
      // Act
      const error = await sts({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', $metadata: { httpStatusCode: 403 } });
    });

    it('rejects expired temporary credentials: ExpiredToken', async () => {
      // Prepare
      const credentials = iam.issueRoleCredentials(roleArn(cloud, 'escalatelambdaServiceRole'), { sessionName: 'escalate', durationSeconds: 900 });
      clock.offset = 901_000;
      try {
        // Act
        const error = await sts({ accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken }, { systemClockOffset: 901_000 })
          .send(new GetCallerIdentityCommand({}))
          .catch((e: unknown) => e);

        // Assess
        expect(error).toMatchObject({ name: 'ExpiredToken', message: 'The security token included in the request is expired' });
      } finally {
        clock.offset = 0;
      }
    });

    it('rejects a request signed 20 minutes ago when the client does not retry: SignatureDoesNotMatch "Signature expired"', async () => {
      // Act
      const error = await sts({ accessKeyId: 'test', secretAccessKey: 'test' }, { systemClockOffset: -20 * 60_000 }).send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'SignatureDoesNotMatch' });
      expect((error as Error).message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
    });

    it('names the operations it answers when asked for another', async () => {
      // Act
      const error = await sts({ accessKeyId: 'test', secretAccessKey: 'test' })
        .send(new GetSessionTokenCommand({}))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidAction', $metadata: { httpStatusCode: 400 } });
      expect((error as Error).message).toContain('GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity');
    });
  });
});
