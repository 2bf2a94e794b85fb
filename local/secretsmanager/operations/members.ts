import { ValidationFailure } from '../../kit';
import type { SecretsCall } from '../context';
import { SecretsErrors } from '../errors';
import { ALL_SECRETS, type StoredSecret } from '../secret-store';
import { assertNotDeleted } from '../versions';
import type { OpenValue } from '../vault';

/** Members several operations share, as Secrets Manager's API model states them. */
export const SECRET_ID = { type: 'string', min: 1, max: 2048 } as const;
export const CLIENT_REQUEST_TOKEN = { type: 'string', min: 32, max: 64 } as const;
export const VERSION_ID = { type: 'string', min: 32, max: 64 } as const;
export const VERSION_STAGE = { type: 'string', min: 1, max: 256 } as const;
export const SECRET_STRING = { type: 'string', max: 65_536, sensitive: true } as const;
/** SecretBinary's 64 KiB limit is checked by `valueOf` (a blob's value must never show in a message). */
export const SECRET_BINARY = { type: 'blob' } as const;
export const DESCRIPTION = { type: 'string', max: 2048 } as const;
export const KMS_KEY_ID = { type: 'string', min: 0, max: 2048 } as const;
export const TAGS = {
  type: 'list',
  member: { type: 'structure', members: { Key: { type: 'string', min: 1, max: 128 }, Value: { type: 'string', min: 0, max: 256 } } },
} as const;
export const FILTERS = {
  type: 'list',
  max: 10,
  member: {
    type: 'structure',
    members: {
      Key: { type: 'string', enum: ['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all'] },
      Values: { type: 'list', min: 1, max: 10, member: { type: 'string', min: 1, max: 512 } },
    },
  },
} as const;

/**
 * The secret a SecretId names (name, ARN or partial ARN), after IAM allowed the call on it;
 * ResourceNotFoundException when there is none, InvalidRequestException when it is scheduled
 * for deletion (unless `deleted` allows that).
 */
export function secretFor(call: SecretsCall, id: string, options: { deleted?: boolean; action?: string } = {}): StoredSecret {
  const secret = call.secrets.find(id);
  call.authorize(secret?.arn ?? (id.startsWith('arn:') ? id : ALL_SECRETS.replace('*', `${id}-??????`)), options.action ? { action: options.action } : undefined);
  if (!secret) throw SecretsErrors.notFound();
  if (!options.deleted) assertNotDeleted(secret);
  return secret;
}

/** The value a request gives: SecretString or SecretBinary (base64 on the wire), not both. */
export function valueOf(input: { SecretString?: string; SecretBinary?: unknown }): OpenValue | undefined {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) {
    throw SecretsErrors.invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
  }
  if (input.SecretBinary !== undefined) {
    const text = String(input.SecretBinary);
    if (Buffer.from(text, 'base64').length > 65_536) throw ValidationFailure.of('secretBinary', text, 'Member must have length less than or equal to 65536', true);
    return { kind: 'binary', text };
  }
  return input.SecretString === undefined ? undefined : { kind: 'string', text: input.SecretString };
}

/** A page of `items` by an opaque NextToken. */
export function page<T>(items: readonly T[], max: number, nextToken: string | undefined): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    start = Number(Buffer.from(nextToken, 'base64').toString('utf8'));
    if (!Number.isInteger(start) || start < 0 || start > items.length) throw SecretsErrors.invalidNextToken();
  }
  const end = start + max;
  return { items: items.slice(start, end), ...(end < items.length && { nextToken: Buffer.from(String(end)).toString('base64') }) };
}
