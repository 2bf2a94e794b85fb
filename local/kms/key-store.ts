import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { LOCAL_ACCOUNT } from '../assembly';
import type { Collection, ServiceState } from '../state';

/** A key's material as it lies at rest: AES-256-GCM under the local wrapping key. */
interface SealedMaterial {
  iv: string;
  tag: string;
  data: string;
}

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

export interface StoredKey {
  keyId: string;
  arn: string;
  description: string;
  state: KeyState;
  /** The key policy document, as JSON text. */
  policy: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms, while PendingDeletion. */
  deletionDate?: number;
  /** The template's logical id, for keys from the assembly. */
  logicalId?: string;
  material: SealedMaterial;
}

export interface StoredAlias {
  /** `alias/…`. */
  name: string;
  targetKeyId: string;
  createdAt: number;
  logicalId?: string;
}

const { accountId, region } = LOCAL_ACCOUNT;
export const keyArn = (keyId: string) => `arn:aws:kms:${region}:${accountId}:key/${keyId}`;
export const aliasArn = (name: string) => `arn:aws:kms:${region}:${accountId}:${name}`;

/**
 * The local KMS's keys and aliases, kept in the state store (`kms/keys`, `kms/aliases`). Key
 * material is 256 random bits per key, sealed under a wrapping key made at first start
 * (`kms/wrapping-key`, files mode 0600), so it is encrypted at rest in the state directory,
 * as Secrets Manager's values are; `--in-memory` keeps it for the process only.
 */
export class KeyStore {
  private constructor(
    private readonly wrapping: Buffer,
    private readonly keys: Collection<StoredKey>,
    private readonly aliases: Collection<StoredAlias>,
  ) {}

  static async open(state: ServiceState): Promise<KeyStore> {
    const wrapping = await state.collection<string>('wrapping-key', { version: 1, mode: 0o600 });
    if (!wrapping.has('key')) await wrapping.put('key', randomBytes(32).toString('base64'));
    const keys = await state.collection<StoredKey>('keys', { version: 1, mode: 0o600 });
    const aliases = await state.collection<StoredAlias>('aliases', { version: 1 });
    return new KeyStore(Buffer.from(wrapping.get('key')!, 'base64'), keys, aliases);
  }

  /** New key material, sealed for storage. */
  newMaterial(): SealedMaterial {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.wrapping, iv);
    const data = Buffer.concat([cipher.update(randomBytes(32)), cipher.final()]);
    return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  /** A key's material, unsealed (only ever held for one operation). */
  material(key: StoredKey): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.wrapping, Buffer.from(key.material.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(key.material.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(key.material.data, 'base64')), decipher.final()]);
  }

  key(keyId: string): StoredKey | undefined {
    return this.keys.get(keyId);
  }

  allKeys(): StoredKey[] {
    return [...this.keys.values()].sort((a, b) => a.createdAt - b.createdAt || a.keyId.localeCompare(b.keyId));
  }

  putKey(key: StoredKey): Promise<void> {
    return this.keys.put(key.keyId, key);
  }

  deleteKey(keyId: string): Promise<boolean> {
    return this.keys.delete(keyId);
  }

  alias(name: string): StoredAlias | undefined {
    return this.aliases.get(name);
  }

  allAliases(): StoredAlias[] {
    return [...this.aliases.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  putAlias(alias: StoredAlias): Promise<void> {
    return this.aliases.put(alias.name, alias);
  }

  deleteAlias(name: string): Promise<boolean> {
    return this.aliases.delete(name);
  }

  async settled(): Promise<void> {
    await Promise.all([this.keys.settled(), this.aliases.settled()]);
  }
}
