import type { IamService } from '../../iam/types';
import type { OperationCall } from '../../kit';
import type { ServiceRegistry } from '../../service';
import type { CognitoService } from '../types';
import { ResourceNotFoundException } from './errors';
import type { IdentityStore } from './identities';
import type { OpenIdTokens } from './open-id-tokens';
import type { IdentityPool } from './pools';

/** What every identity pool operation is handed: the common call, the pools, the identities and the services they call. */
export interface IdentityPoolCall extends OperationCall {
  readonly pools: ReadonlyMap<string, IdentityPool>;
  readonly identities: IdentityStore;
  readonly iam: IamService;
  readonly openIdTokens: OpenIdTokens;
  readonly services: ServiceRegistry;
}

/** The user pool service, when this local cloud runs one (looked up per call: it may start after us in a custom list). */
export function cognitoOf(call: IdentityPoolCall): CognitoService | undefined {
  return call.services.find<CognitoService>('cognito');
}

/** The pool an id names, else ResourceNotFoundException as Cognito words it. */
export function poolNamed(call: IdentityPoolCall, id: string): IdentityPool {
  const pool = call.pools.get(id);
  if (!pool) throw new ResourceNotFoundException(`IdentityPool '${id}' not found.`);
  return pool;
}
