import type { OperationCall } from '../kit';
import type { ServiceRegistry } from '../service';
import type { KeyStore } from './key-store';

/** What every KMS operation is handed: the common call, the keys, the services (for IAM) and the clock. */
export interface KmsCall extends OperationCall {
  readonly keys: KeyStore;
  readonly services: ServiceRegistry;
  /** Epoch ms. */
  now(): number;
}
