import type { GetRandomPasswordRequest, GetRandomPasswordResponse } from '@aws-sdk/client-secrets-manager';
import { defineOperation } from '../../kit';
import type { SecretsCall } from '../context';
import { randomPassword } from '../password';

/** `secretsmanager.GetRandomPassword` (IAM on `*`). */
export const getRandomPassword = defineOperation<GetRandomPasswordRequest, GetRandomPasswordResponse, SecretsCall>({
  name: 'GetRandomPassword',
  input: {
    type: 'structure',
    members: {
      PasswordLength: { type: 'long', min: 1, max: 4096 },
      ExcludeCharacters: { type: 'string', min: 0, max: 4096 },
      ExcludeNumbers: { type: 'boolean' },
      ExcludePunctuation: { type: 'boolean' },
      ExcludeUppercase: { type: 'boolean' },
      ExcludeLowercase: { type: 'boolean' },
      IncludeSpace: { type: 'boolean' },
      RequireEachIncludedType: { type: 'boolean' },
    },
  },
  handle(input, call) {
    call.authorize('*');
    return { RandomPassword: randomPassword(input) };
  },
});
