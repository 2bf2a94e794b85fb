import type { OperationCall } from '../kit';
import type { Rotations } from './rotation';
import type { SecretStore } from './secret-store';
import type { Vault } from './vault';

/** What every Secrets Manager operation is handed: the common call, the secrets, the key and the rotations. */
export interface SecretsCall extends OperationCall {
  readonly secrets: SecretStore;
  readonly vault: Vault;
  readonly rotations: Rotations;
  /** Epoch ms. */
  now(): number;
}
