import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ServiceState } from '../state';

/** A secret value as it lies at rest: AES-256-GCM under the local key. */
export interface SealedValue {
  /** `string` (SecretString) or `binary` (SecretBinary, sealed as its bytes). */
  kind: 'string' | 'binary';
  iv: string;
  tag: string;
  data: string;
}

/** What a value opens to: SecretString text, or SecretBinary as base64 (the JSON wire form). */
export interface OpenValue {
  kind: 'string' | 'binary';
  text: string;
}

/**
 * The local stand-in for the KMS key that protects secret values: a random 256-bit key made at
 * first start and kept in the state store (`secretsmanager/keys`, mode 0600), so values are
 * encrypted at rest in the state directory and readable only through the local Secrets Manager.
 * In memory (`--in-memory`) the key lives as long as the process.
 */
export class Vault {
  private constructor(private readonly key: Buffer) {}

  static async open(state: ServiceState): Promise<Vault> {
    const keys = await state.collection<string>('keys', { version: 1, mode: 0o600 });
    if (!keys.has('values')) await keys.put('values', randomBytes(32).toString('base64'));
    return new Vault(Buffer.from(keys.get('values')!, 'base64'));
  }

  seal(value: OpenValue): SealedValue {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const plain = value.kind === 'binary' ? Buffer.from(value.text, 'base64') : Buffer.from(value.text, 'utf8');
    const data = Buffer.concat([cipher.update(plain), cipher.final()]);
    return { kind: value.kind, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  open(sealed: SealedValue): OpenValue {
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
    return { kind: sealed.kind, text: sealed.kind === 'binary' ? plain.toString('base64') : plain.toString('utf8') };
  }
}
