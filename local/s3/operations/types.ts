import type { Permission } from '../auth';
import type { S3Call } from '../call';

/** One S3 operation: what it needs the caller to be allowed, and how it answers. */
export interface S3Operation {
  /** AWS's name for it: `PutObject`, `ListObjectsV2`… */
  readonly name: string;
  /** Checked before `handle` runs; operations that authorize per item (DeleteObjects) return none. */
  permissions(call: S3Call): Permission[];
  handle(call: S3Call): Promise<void> | void;
}
