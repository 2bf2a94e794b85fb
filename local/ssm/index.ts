export { createSsmService, SsmLocalService, type SsmServiceOptions } from './service';
export { AmplifySecrets } from './amplify-secrets';
export { ParameterStore, type StoredParameter, type ParameterVersion } from './parameter-store';
export { parameterArn } from './parameter-names';
