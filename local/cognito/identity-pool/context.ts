import type { IamService } from '../../iam/types';
import type { ServiceRegistry } from '../../service';
import type { CognitoService } from '../types';
import { ResourceNotFoundException, validationError } from './errors';
import type { IdentityStore } from './identities';
import type { IdentityPool } from './pools';

/** What the identity pool operations share: the pools, the identities, and the services they call. */
export interface IdentityPoolContext {
  pools: ReadonlyMap<string, IdentityPool>;
  identities: IdentityStore;
  iam: IamService;
  services: ServiceRegistry;
}

/** The user pool service, when this local cloud runs one (looked up per call: it may start after us in a custom list). */
export function cognitoOf(context: IdentityPoolContext): CognitoService | undefined {
  return context.services.find<CognitoService>('cognito');
}

const ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/;

export function requirePool(context: IdentityPoolContext, input: Record<string, unknown>): IdentityPool {
  const id = input.IdentityPoolId;
  if (typeof id !== 'string' || !ID_PATTERN.test(id) || id.length > 55) {
    throw validationError('identityPoolId', id ?? 'null', id === undefined ? 'Member must not be null' : 'Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+');
  }
  const pool = context.pools.get(id);
  if (!pool) throw new ResourceNotFoundException(`IdentityPool '${id}' not found.`);
  return pool;
}

export function requireIdentityId(input: Record<string, unknown>): string {
  const id = input.IdentityId;
  if (typeof id !== 'string' || !ID_PATTERN.test(id) || id.length > 55) {
    throw validationError('identityId', id ?? 'null', id === undefined ? 'Member must not be null' : 'Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+');
  }
  return id;
}

/** The `Logins` map of a request ({} and absent both mean a guest). */
export function loginsOf(input: Record<string, unknown>): Record<string, unknown> {
  const logins = input.Logins;
  if (logins === undefined || logins === null) return {};
  if (typeof logins !== 'object' || Array.isArray(logins)) throw validationError('logins', JSON.stringify(logins), 'Member must be a map of provider names to tokens');
  return logins as Record<string, unknown>;
}
