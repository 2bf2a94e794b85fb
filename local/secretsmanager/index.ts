export { createSecretsManagerService, SecretsManagerLocalService, type SecretsManagerServiceOptions } from './service';
