import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The ciphertext blobs of the local KMS. Like KMS's own, a blob is self-describing (it names
 * the key, so Decrypt needs no KeyId) and bound to the encryption context: the context is the
 * AES-GCM additional authenticated data, so decrypting with another context (or another key,
 * or a changed byte) fails, and the caller gets InvalidCiphertextException.
 *
 * Layout: version byte 0x01, the key id (36 ASCII bytes, a UUID), a 12-byte IV, the 16-byte
 * GCM tag, then the encrypted bytes.
 */
const VERSION = 0x01;
const KEY_ID_BYTES = 36;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = 1 + KEY_ID_BYTES + IV_BYTES + TAG_BYTES;

/** The encryption context as additional authenticated data: order-independent, as KMS treats it. */
function contextBytes(context: Readonly<Record<string, string>> | undefined): Buffer {
  const sorted = Object.keys(context ?? {}).sort().map((key) => [key, context![key]]);
  return Buffer.from(JSON.stringify(sorted), 'utf8');
}

export function sealCiphertext(keyId: string, material: Buffer, plaintext: Buffer, context?: Readonly<Record<string, string>>): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  cipher.setAAD(Buffer.concat([Buffer.from(keyId, 'ascii'), contextBytes(context)]));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), Buffer.from(keyId, 'ascii'), iv, cipher.getAuthTag(), data]);
}

/** The key id a blob names, or undefined when it is no blob of the local KMS. */
export function ciphertextKeyId(blob: Buffer): string | undefined {
  if (blob.length < HEADER || blob[0] !== VERSION) return undefined;
  const keyId = blob.subarray(1, 1 + KEY_ID_BYTES).toString('ascii');
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(keyId) ? keyId : undefined;
}

/** The plaintext, or undefined when the blob, key or context do not match. */
export function openCiphertext(blob: Buffer, material: Buffer, context?: Readonly<Record<string, string>>): Buffer | undefined {
  const keyId = ciphertextKeyId(blob);
  if (keyId === undefined) return undefined;
  const iv = blob.subarray(1 + KEY_ID_BYTES, 1 + KEY_ID_BYTES + IV_BYTES);
  const tag = blob.subarray(1 + KEY_ID_BYTES + IV_BYTES, HEADER);
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, iv);
    decipher.setAAD(Buffer.concat([Buffer.from(keyId, 'ascii'), contextBytes(context)]));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(blob.subarray(HEADER)), decipher.final()]);
  } catch {
    // GCM authentication failed: a wrong context, key or byte. KMS does not say which.
    return undefined;
  }
}
