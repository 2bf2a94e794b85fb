import type { OperationCall } from '../kit';
import type { AmplifySecrets } from './amplify-secrets';
import type { ParameterStore } from './parameter-store';

/** What every SSM operation is handed: the common call, the parameters and the caller's ARN for LastModifiedUser. */
export interface SsmCall extends OperationCall {
  readonly parameters: ParameterStore;
  readonly secrets: AmplifySecrets;
  /** The caller's ARN, as `LastModifiedUser` records it. */
  readonly user: string;
  /** Epoch milliseconds. */
  now(): number;
}
