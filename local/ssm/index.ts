export { createSsmService, SsmLocalService } from './service';
export { SecretsFile, SecretNameError, type StoredSecret } from './secrets';
export { ParameterStore, parameterArn } from './parameter-store';
