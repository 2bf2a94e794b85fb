import { randomUUID } from 'node:crypto';
import type { RotateSecretRequest, RotateSecretResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SecretsErrors } from '../errors';
import { CLIENT_REQUEST_TOKEN, SECRET_ID, secretFor } from './members';

/**
 * `secretsmanager.RotateSecret`: sets the rotation function and schedule, and (unless
 * RotateImmediately is false) starts a rotation through the function's four steps.
 */
export const rotateSecret = defineOperation<RotateSecretRequest, RotateSecretResponse, SecretsCall>({
  name: 'RotateSecret',
  input: {
    type: 'structure',
    members: {
      SecretId: { ...SECRET_ID, required: true },
      ClientRequestToken: CLIENT_REQUEST_TOKEN,
      RotationLambdaARN: { type: 'string', min: 0, max: 2048 },
      RotationRules: {
        type: 'structure',
        members: { AutomaticallyAfterDays: { type: 'long', min: 1, max: 1000 }, Duration: { type: 'string', min: 2, max: 3 }, ScheduleExpression: { type: 'string', min: 1, max: 256 } },
      },
      RotateImmediately: { type: 'boolean' },
      ExternalSecretRotationMetadata: { type: 'list', member: { type: 'structure', members: { Key: { type: 'string' }, Value: { type: 'string' } } } },
      ExternalSecretRotationRoleArn: { type: 'string' },
    },
  },
  async handle(input, call) {
    const secret = secretFor(call, input.SecretId);
    if (input.ExternalSecretRotationMetadata !== undefined || input.ExternalSecretRotationRoleArn !== undefined) {
      throw SecretsErrors.invalidRequest('Managed external secrets (rotation by a third-party partner) are not supported by the local Secrets Manager.');
    }
    const lambdaArn = input.RotationLambdaARN ?? secret.rotation?.lambdaArn;
    if (!lambdaArn) throw SecretsErrors.invalidRequest('No Lambda rotation function ARN is associated with this secret.');
    if (call.rotations.inProgress(secret.arn)) throw SecretsErrors.invalidRequest("A previous rotation isn't complete. That rotation will be reattempted.");
    await call.secrets.update(secret.arn, (current) => ({
      next: current && { ...current, rotation: { ...current.rotation, lambdaArn, rules: input.RotationRules ?? current.rotation?.rules, enabled: true } },
      result: undefined,
    }));
    if (input.RotateImmediately === false) return { ARN: secret.arn, Name: secret.name };
    const token = input.ClientRequestToken ?? randomUUID();
    await call.rotations.start(secret, lambdaArn, token);
    return { ARN: secret.arn, Name: secret.name, VersionId: token };
  },
});
