import { randomBytes } from 'node:crypto';
import { ciphertextKeyId, openCiphertext, sealCiphertext } from './ciphertext';
import type { KmsCall } from './context';
import { KmsErrors, dryRunSucceeded } from './errors';
import { findKey, keyFor, requireEnabled } from './key-reference';
import type { StoredKey } from './key-store';

/** Blobs travel as base64 on the JSON wire; the SDK types call them Uint8Array. */
export const wireBlob = (bytes: Buffer) => bytes.toString('base64') as unknown as Uint8Array;
export const blobBytes = (wire: Uint8Array) => Buffer.from(wire as unknown as string, 'base64');

/** Only symmetric encryption runs locally: asymmetric algorithms and Nitro Enclaves recipients are refused, naming themselves. */
export function requireSymmetric(request: { algorithm?: string; recipient?: unknown }): void {
  if (request.algorithm !== undefined && request.algorithm !== 'SYMMETRIC_DEFAULT') throw KmsErrors.unsupported(`EncryptionAlgorithm ${request.algorithm}`);
  if (request.recipient !== undefined) throw KmsErrors.unsupported('Recipient (AWS Nitro Enclaves attestation)');
}

/** After authorization: DryRun ends the call with DryRunOperationException, as KMS does. */
export function endIfDryRun(dryRun: boolean | undefined): void {
  if (dryRun) throw dryRunSucceeded();
}

/** Encrypts under a key the caller was authorized for. */
export function encryptUnder(call: KmsCall, key: StoredKey, plaintext: Buffer, context?: Record<string, string>): Uint8Array {
  return wireBlob(sealCiphertext(key.keyId, call.keys.material(key), plaintext, context));
}

/** A data key's length: NumberOfBytes, or KeySpec's (exactly one must be given). */
export function dataKeyLength(input: { NumberOfBytes?: number; KeySpec?: string }): number {
  if (input.NumberOfBytes !== undefined && input.KeySpec !== undefined) throw KmsErrors.validation('Please specify either number of bytes or key spec.');
  if (input.NumberOfBytes !== undefined) return input.NumberOfBytes;
  if (input.KeySpec === 'AES_128') return 16;
  if (input.KeySpec === 'AES_256') return 32;
  throw KmsErrors.validation('Please specify either number of bytes or key spec.');
}

/** A new data key: its plaintext, and the same encrypted under the key. */
export function newDataKey(call: KmsCall, key: StoredKey, length: number, context?: Record<string, string>): { plaintext: Buffer; ciphertext: Uint8Array } {
  const plaintext = randomBytes(length);
  return { plaintext, ciphertext: encryptUnder(call, key, plaintext, context) };
}

/**
 * Opens a blob of the local KMS: the key it names (which `keyId`, when given, must be),
 * authorized for `action` with the encryption context and enabled; InvalidCiphertextException
 * for a blob that is not one, or whose key or context does not match.
 */
export function decryptBlob(call: KmsCall, wire: Uint8Array, request: { keyId?: string; context?: Record<string, string>; action: string; dryRun?: boolean }): { key: StoredKey; plaintext: Buffer } {
  const blob = blobBytes(wire);
  const named = ciphertextKeyId(blob);
  if (named === undefined) throw KmsErrors.invalidCiphertext();
  if (request.keyId !== undefined && findKey(call, request.keyId).keyId !== named) throw KmsErrors.incorrectKey();
  if (!call.keys.key(named)) throw KmsErrors.invalidCiphertext();
  const key = keyFor(call, named, { action: request.action, encryptionContext: request.context });
  requireEnabled(key);
  endIfDryRun(request.dryRun);
  const plaintext = openCiphertext(blob, call.keys.material(key), request.context);
  if (!plaintext) throw KmsErrors.invalidCiphertext();
  return { key, plaintext };
}
