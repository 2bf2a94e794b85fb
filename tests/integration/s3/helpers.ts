/**
 * Starts a local cloud running Flare's backend with IAM and S3 for the S3 tests, and
 * makes real AWS SDK v3 S3 clients for it: as the local root (test / test) or with a
 * role's credentials, path style (the IP endpoint) or virtual-host style.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Agent } from 'node:http';
import { lookup } from 'node:dns';
import { Reporter, type LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import type { Credentials, IamService } from '../../../local/iam/types';
import { s3Service, type S3ServiceOptions } from '../../../local/s3';
import { roleArn, ROOT, startTestCloud } from '../../helpers/cloud';

export { ROOT };

export async function startS3Cloud(options: S3ServiceOptions & { stateDir?: string } = {}): Promise<LocalCloud> {
  return startTestCloud({ stateDir: options.stateDir, services: [iamService(), s3Service(options)], reporter: new Reporter({ level: 'silent' }) });
}

/** The Amplify storage bucket (`flareFiles`). */
export function filesBucket(cloud: LocalCloud): string {
  return cloud.outputs.storage!.bucket_name;
}

/** Resolves `<bucket>.localhost` to loopback, as browsers do (Node's resolver does not). */
function localhostLookup(hostname: string, options: object, callback: (...args: unknown[]) => void): void {
  if (hostname.endsWith('.localhost')) {
    const all = (options as { all?: boolean }).all;
    if (all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  lookup(hostname, options, callback as never);
}

export function s3Client(cloud: LocalCloud, config: Partial<S3ClientConfig> & { style?: 'path' | 'virtual-host'; credentials?: Credentials } = {}): S3Client {
  const { style = 'path', ...rest } = config;
  const port = new URL(cloud.endpoint).port;
  return new S3Client({
    region: 'us-east-1',
    credentials: ROOT,
    maxAttempts: 1,
    ...(style === 'path'
      ? { endpoint: cloud.endpoint, forcePathStyle: true }
      : {
          endpoint: `http://localhost:${port}`,
          requestHandler: { httpAgent: new Agent({ keepAlive: true, lookup: localhostLookup as never }) },
        }),
    ...rest,
  });
}

/** Credentials for a role of the assembly (by the start of its logical id), as the identity pool would issue them. */
export function roleCredentials(cloud: LocalCloud, logicalIdPrefix: string, identityId?: string): Credentials {
  return cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn(cloud, logicalIdPrefix), { sessionName: 'CognitoIdentityCredentials', identityId });
}

/** The error an SDK call rejects with, for exact assertions on name, status and message. */
export async function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; $response?: unknown; Code?: string } & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

/** Deterministic bytes of a given size (so checksums and ranges can be asserted). */
export function bytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
