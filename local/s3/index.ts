export { s3Service, S3Service, type S3ServiceOptions } from './service';
export { AWS_LIMITS, type S3Limits } from './call';
export { S3Error } from './errors';
