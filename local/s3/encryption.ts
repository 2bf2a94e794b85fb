/**
 * Server-side encryption as S3 applies it to objects: SSE-S3 (`AES256`), SSE-KMS
 * (`aws:kms`, `aws:kms:dsse`) and SSE-C (a customer-provided AES-256 key).
 *
 * - SSE-S3 / SSE-KMS: what the request asks for — or else the bucket's default encryption
 *   (`BucketEncryption` in the assembly; S3's own default, SSE-S3, when the bucket declares
 *   none) — is stored with the object and returned on PUT, GET, HEAD and copy, as S3 does.
 *   S3 holds those keys; locally the bytes stay on disk as they are. No local KMS is
 *   consulted yet: the key id is echoed as the ARN S3 would show for it, and `aws:kms`
 *   without a key id uses an ARN standing for the account's AWS managed key `aws/s3`.
 * - SSE-C: the bytes are encrypted at rest with the customer's key (AES-256-CTR, a random IV
 *   per blob, so ranged reads decrypt from any offset); only the key's MD5 is kept, and a read
 *   or HEAD must present the same key.
 *
 * S3 refuses SSE-C over plain http (InvalidRequest: "Requests specifying Server Side
 * Encryption with Customer provided keys must be made over a secure connection."). The local
 * endpoint is plain http bound to loopback: the key never leaves the machine, which is the
 * guarantee TLS gives on AWS (the same reasoning as `aws:SecureTransport` in auth.ts), so the
 * local S3 accepts SSE-C over it.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { LOCAL_ACCOUNT } from '../assembly';
import type { S3Call } from './call';
import { S3Error, accessDenied, invalidArgument, invalidRequest } from './errors';

export const ServerSideEncryption = { AES256: 'AES256', KMS: 'aws:kms', KMS_DSSE: 'aws:kms:dsse' } as const;
export type ServerSideEncryption = (typeof ServerSideEncryption)[keyof typeof ServerSideEncryption];
const ALGORITHMS: readonly string[] = Object.values(ServerSideEncryption);

/** SSE-S3 or SSE-KMS, as an object or upload record keeps it. */
export interface ManagedEncryption {
  algorithm: ServerSideEncryption;
  /** The KMS key's ARN (SSE-KMS only). */
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  /** `x-amz-server-side-encryption-context` as sent (base64 JSON). */
  context?: string;
}

/** How an object, upload or part is encrypted: managed, or with a customer key (only its MD5 kept). */
export interface ObjectEncryption {
  managed?: ManagedEncryption;
  customer?: { keyMd5: string };
}

/** A bucket's default encryption (`BucketEncryption`), or S3's own default. */
export interface BucketDefaultEncryption extends ManagedEncryption {
  /** False when the bucket declares none and S3's default (SSE-S3) applies. */
  declared: boolean;
}

/** A customer key presented with a request. */
export interface CustomerKey {
  key: Buffer;
  keyMd5: string;
}

const isKms = (algorithm: string) => algorithm === ServerSideEncryption.KMS || algorithm === ServerSideEncryption.KMS_DSSE;

/**
 * The ARN S3 shows for a KMS key named by id, alias or ARN. Without one, the account's AWS
 * managed key `aws/s3`, whose id S3 makes per account and region: locally a fixed UUID-shaped
 * digest of both.
 */
export function kmsKeyArn(keyId: string | undefined, region: string = LOCAL_ACCOUNT.region): string {
  const prefix = `arn:aws:kms:${region}:${LOCAL_ACCOUNT.accountId}`;
  if (keyId === undefined || keyId === '') {
    const hex = createHash('sha256').update(`aws/s3:${LOCAL_ACCOUNT.accountId}:${region}`).digest('hex');
    return `${prefix}:key/${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }
  if (keyId.startsWith('arn:')) return keyId;
  return keyId.startsWith('alias/') ? `${prefix}:${keyId}` : `${prefix}:key/${keyId}`;
}

interface BucketEncryptionProperty {
  ServerSideEncryptionConfiguration?: {
    ServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string };
    BucketKeyEnabled?: boolean | string;
  }[];
}

/** The default encryption an `AWS::S3::Bucket` declares (`BucketEncryption`); SSE-S3 when none. */
export function bucketDefaultEncryption(property: BucketEncryptionProperty | undefined, region: string): BucketDefaultEncryption {
  const rule = property?.ServerSideEncryptionConfiguration?.[0];
  const algorithm = rule?.ServerSideEncryptionByDefault?.SSEAlgorithm;
  if (!rule || !algorithm || !ALGORITHMS.includes(algorithm)) return { algorithm: ServerSideEncryption.AES256, bucketKeyEnabled: false, declared: false };
  const kms = isKms(algorithm);
  return {
    algorithm: algorithm as ServerSideEncryption,
    kmsKeyId: kms ? kmsKeyArn(rule.ServerSideEncryptionByDefault?.KMSMasterKeyID, region) : undefined,
    bucketKeyEnabled: String(rule.BucketKeyEnabled) === 'true',
    declared: true,
  };
}

const CUSTOMER = 'x-amz-server-side-encryption-customer-';
const COPY_SOURCE_CUSTOMER = 'x-amz-copy-source-server-side-encryption-customer-';

/** The customer key a request presents (`source`: the copy source's), checked as S3 checks it. */
export function customerKeyFrom(call: S3Call, source = false): CustomerKey | undefined {
  const prefix = source ? COPY_SOURCE_CUSTOMER : CUSTOMER;
  const algorithm = call.header(`${prefix}algorithm`);
  const keyText = call.header(`${prefix}key`);
  const md5Text = call.header(`${prefix}key-md5`);
  if (algorithm === undefined && keyText === undefined && md5Text === undefined) return undefined;
  if (algorithm === undefined) {
    throw invalidArgument('Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.', `${prefix}algorithm`, undefined);
  }
  if (algorithm !== 'AES256') {
    throw new S3Error('InvalidEncryptionAlgorithmError', 'The Encryption request you specified is not valid. Supported value: AES256.', 400, { ArgumentName: `${prefix}algorithm`, ArgumentValue: algorithm });
  }
  if (keyText === undefined || keyText === '') {
    throw invalidArgument('Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.', `${prefix}key`, undefined);
  }
  const key = Buffer.from(keyText, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(keyText)) {
    throw invalidArgument('The secret key was invalid for the specified algorithm.', `${prefix}key`, undefined);
  }
  if (md5Text === undefined || md5Text === '') {
    throw invalidArgument('Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.', `${prefix}key-MD5`, undefined);
  }
  const keyMd5 = createHash('md5').update(key).digest('base64');
  if (md5Text !== keyMd5) throw invalidArgument('The calculated MD5 hash of the key did not match the hash that was provided.', `${prefix}key-MD5`, undefined);
  return { key, keyMd5 };
}

/**
 * The encryption a write (PutObject, CreateMultipartUpload, CopyObject) asks for, or the
 * bucket's default; the customer key when it asks for SSE-C.
 */
export function requestedEncryption(call: S3Call, bucketDefault: BucketDefaultEncryption): { encryption: ObjectEncryption; customerKey?: CustomerKey } {
  const algorithm = call.header('x-amz-server-side-encryption');
  const keyId = call.header('x-amz-server-side-encryption-aws-kms-key-id');
  const context = call.header('x-amz-server-side-encryption-context');
  const bucketKey = call.header('x-amz-server-side-encryption-bucket-key-enabled');
  const customerKey = customerKeyFrom(call);
  if (customerKey) {
    if (algorithm !== undefined) {
      throw invalidArgument('Server Side Encryption with Customer provided key is incompatible with the encryption method specified', 'x-amz-server-side-encryption', algorithm);
    }
    return { encryption: { customer: { keyMd5: customerKey.keyMd5 } }, customerKey };
  }
  if (algorithm !== undefined && !ALGORITHMS.includes(algorithm)) {
    throw invalidArgument('The encryption method specified is not supported', 'x-amz-server-side-encryption', algorithm);
  }
  if ((keyId !== undefined || context !== undefined) && (algorithm === undefined || !isKms(algorithm))) {
    throw invalidArgument(
      'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
      keyId !== undefined ? 'x-amz-server-side-encryption-aws-kms-key-id' : 'x-amz-server-side-encryption-context',
      keyId ?? context,
    );
  }
  if (algorithm === undefined) {
    const { declared: _declared, ...managed } = bucketDefault;
    return { encryption: { managed } };
  }
  const kms = isKms(algorithm);
  return {
    encryption: {
      managed: {
        algorithm: algorithm as ServerSideEncryption,
        kmsKeyId: kms ? kmsKeyArn(keyId, call.ctx.region) : undefined,
        bucketKeyEnabled: kms ? (bucketKey !== undefined ? bucketKey.toLowerCase() === 'true' : bucketDefault.bucketKeyEnabled) : undefined,
        context: kms ? context : undefined,
      },
    },
  };
}

/** The response headers that describe an object's encryption (`withContext`: PUT and copy only). */
export function encryptionHeaders(encryption: ObjectEncryption | undefined, withContext = false): Record<string, string> {
  if (encryption?.customer) {
    return { [`${CUSTOMER}algorithm`]: 'AES256', [`${CUSTOMER}key-MD5`]: encryption.customer.keyMd5 };
  }
  const managed = encryption?.managed;
  if (!managed) return {};
  const headers: Record<string, string> = { 'x-amz-server-side-encryption': managed.algorithm };
  if (managed.kmsKeyId) headers['x-amz-server-side-encryption-aws-kms-key-id'] = managed.kmsKeyId;
  if (managed.bucketKeyEnabled) headers['x-amz-server-side-encryption-bucket-key-enabled'] = 'true';
  if (withContext && managed.context) headers['x-amz-server-side-encryption-context'] = managed.context;
  return headers;
}

/**
 * The key a read (GET, HEAD, a copy's source) of `encryption` needs: none for managed
 * encryption, the customer's own for SSE-C. A missing key is InvalidRequest; a different
 * one AccessDenied, as S3 answers (s3-tests expects 400 for it; S3 itself answers 403).
 */
export function readKey(call: S3Call, encryption: ObjectEncryption | undefined, source = false): CustomerKey | undefined {
  if (!source && call.header('x-amz-server-side-encryption') !== undefined) {
    throw invalidArgument('x-amz-server-side-encryption header is not supported for this operation.', 'x-amz-server-side-encryption', call.header('x-amz-server-side-encryption'));
  }
  const presented = customerKeyFrom(call, source);
  const stored = encryption?.customer;
  if (!stored) {
    if (presented) throw invalidRequest('The encryption parameters are not applicable to this object.');
    return undefined;
  }
  if (!presented) {
    throw invalidRequest('The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.');
  }
  if (presented.keyMd5 !== stored.keyMd5) throw accessDenied();
  return presented;
}

/** A fresh IV (the initial counter block) for one blob. */
export const newIv = (): string => randomBytes(16).toString('base64');

/** AES-256-CTR positioned at byte `offset` of the stream that started at `iv`. */
function cipherAt(key: Buffer, iv: string, offset: number, decrypt: boolean) {
  const counter = (BigInt(`0x${Buffer.from(iv, 'base64').toString('hex')}`) + BigInt(Math.floor(offset / 16))) % (1n << 128n);
  const block = Buffer.from(counter.toString(16).padStart(32, '0'), 'hex');
  const cipher = decrypt ? createDecipheriv('aes-256-ctr', key, block) : createCipheriv('aes-256-ctr', key, block);
  if (offset % 16) cipher.update(Buffer.alloc(offset % 16));
  return cipher;
}

/** Encrypts a blob's bytes as they stream in. */
export async function* encrypting(data: AsyncIterable<Buffer>, key: Buffer, iv: string): AsyncGenerator<Buffer> {
  const cipher = cipherAt(key, iv, 0, false);
  for await (const chunk of data) yield cipher.update(chunk);
}

/**
 * Decrypts the bytes [start, end) of an object stored as blobs of `sizes`, each with its IV:
 * each blob's share is decrypted from its own offset.
 */
export async function* decrypting(bytes: AsyncIterable<Buffer>, key: Buffer, ivs: readonly string[], sizes: readonly number[], start: number, end: number): AsyncGenerator<Buffer> {
  const segments: { iv: string; at: number; length: number }[] = [];
  let offset = 0;
  sizes.forEach((size, i) => {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + size);
    if (to > from) segments.push({ iv: ivs[i], at: from - offset, length: to - from });
    offset += size;
  });
  let index = 0;
  let left = segments[0]?.length ?? 0;
  let decipher = segments[0] ? cipherAt(key, segments[0].iv, segments[0].at, true) : undefined;
  for await (let chunk of bytes) {
    while (chunk.length > 0 && decipher) {
      const take = Math.min(left, chunk.length);
      yield decipher.update(chunk.subarray(0, take));
      chunk = chunk.subarray(take);
      left -= take;
      if (left === 0) {
        index++;
        decipher = segments[index] ? cipherAt(key, segments[index].iv, segments[index].at, true) : undefined;
        left = segments[index]?.length ?? 0;
      }
    }
  }
}
