export { createKmsService, KmsLocalService, type KmsServiceOptions } from './service';
