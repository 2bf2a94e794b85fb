import type { APIErrorType, BatchGetSecretValueRequest, BatchGetSecretValueResponse, SecretValueEntry } from '@aws-sdk/client-secrets-manager';
import { JsonServiceError } from '../../edge/json-protocol';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { SecretsErrors } from '../errors';
import { ALL_SECRETS } from '../secret-store';
import { pickVersion, secretValueOf } from './getSecretValue';
import { FILTERS, page, SECRET_ID, secretFor } from './members';
import { matchesFilters } from './listSecrets';

/**
 * `secretsmanager.BatchGetSecretValue`: the AWSCURRENT values of up to 20 secrets named in
 * SecretIdList, or of those Filters match; a secret that cannot be read (missing, denied,
 * deleted) is an entry of Errors, not a failed call. Each value needs GetSecretValue on its secret.
 */
export const batchGetSecretValue = defineOperation<BatchGetSecretValueRequest, BatchGetSecretValueResponse, SecretsCall>({
  name: 'BatchGetSecretValue',
  input: {
    type: 'structure',
    members: {
      SecretIdList: { type: 'list', min: 1, max: 20, member: SECRET_ID },
      Filters: FILTERS,
      MaxResults: { type: 'integer', min: 1, max: 20 },
      NextToken: { type: 'string', min: 1, max: 4096 },
    },
  },
  handle(input, call) {
    if ((input.SecretIdList === undefined) === (input.Filters === undefined)) throw SecretsErrors.invalidParameter('Either SecretIdList or Filters must be provided, but not both.');
    if (input.SecretIdList && input.MaxResults !== undefined) throw SecretsErrors.invalidParameter('MaxResults can only be used with Filters.');
    call.authorize(ALL_SECRETS);
    let ids: string[] = input.SecretIdList ?? [];
    let nextToken: string | undefined;
    if (input.Filters) {
      const matching = call.secrets.all().filter((secret) => secret.deletedAt === undefined && matchesFilters(secret, input.Filters!)).sort((a, b) => a.name.localeCompare(b.name));
      const result = page(matching.map((secret) => secret.arn), input.MaxResults ?? 20, input.NextToken);
      ids = result.items;
      nextToken = result.nextToken;
    }
    const SecretValues: SecretValueEntry[] = [];
    const Errors: APIErrorType[] = [];
    for (const id of ids) {
      try {
        const secret = secretFor(call, id, { action: 'secretsmanager:GetSecretValue' });
        SecretValues.push(secretValueOf(call, secret, pickVersion(secret, undefined, undefined)));
      } catch (error) {
        if (!(error instanceof JsonServiceError)) throw error;
        Errors.push({ SecretId: id, ErrorCode: error.type, Message: error.message });
      }
    }
    return { SecretValues, Errors, ...(nextToken && { NextToken: nextToken }) };
  },
});
