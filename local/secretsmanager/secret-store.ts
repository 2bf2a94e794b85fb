import { randomBytes } from 'node:crypto';
import type { RotationRulesType, Tag } from '@aws-sdk/client-secrets-manager';
import { LOCAL_ACCOUNT } from '../assembly';
import type { Collection, ServiceState } from '../state';
import { KeyedQueue } from '../state';
import type { SealedValue } from './vault';

/** One version of a secret: its staging labels and its value (sealed), if it has one yet. */
export interface SecretVersion {
  id: string;
  stages: string[];
  /** Epoch ms. */
  createdAt: number;
  /** Absent for the AWSPENDING version a rotation makes before its createSecret step puts the value. */
  value?: SealedValue;
}

export interface RotationConfig {
  lambdaArn?: string;
  rules?: RotationRulesType;
  enabled: boolean;
  /** Epoch ms. */
  lastRotatedAt?: number;
}

/** A secret as the state store keeps it (values sealed under the local key). */
export interface StoredSecret {
  name: string;
  arn: string;
  description?: string;
  kmsKeyId?: string;
  tags: Tag[];
  /** Epoch ms. */
  createdAt: number;
  lastChangedAt: number;
  lastAccessedAt?: number;
  /** Set by DeleteSecret: when it was asked and when the secret goes for good. */
  deletedAt?: number;
  deletionDate?: number;
  rotation?: RotationConfig;
  /** The resource policy, as JSON text. */
  policy?: string;
  /** Oldest first. */
  versions: SecretVersion[];
  /** The assembly's logical id, for secrets the assembly declares. */
  logicalId?: string;
  /** A digest of the GenerateSecretString the value was made from: a changed template makes a new value. */
  generatedFrom?: string;
}

const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A new secret's ARN: its name and six random characters, as Secrets Manager makes them. */
export function newSecretArn(name: string): string {
  const suffix = [...randomBytes(6)].map((byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join('');
  return `arn:aws:secretsmanager:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:secret:${name}-${suffix}`;
}

/** The ARN prefix for every secret of the local account, for actions on `*`. */
export const ALL_SECRETS = `arn:aws:secretsmanager:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:secret:*`;

/**
 * The local Secrets Manager's secrets in the state store (`secretsmanager/secrets`, keyed by ARN,
 * files mode 0600, values sealed). Changes to one secret apply one at a time, each durable
 * before it is answered.
 */
export class SecretStore {
  private readonly queue = new KeyedQueue();

  private constructor(private readonly secrets: Collection<StoredSecret>) {}

  static async open(state: ServiceState): Promise<SecretStore> {
    return new SecretStore(await state.collection<StoredSecret>('secrets', { version: 1, mode: 0o600 }));
  }

  all(): StoredSecret[] {
    return [...this.secrets.values()];
  }

  /** By ARN, by name, or by an ARN without its six-character suffix (a partial ARN). */
  find(id: string): StoredSecret | undefined {
    const byArn = this.secrets.get(id);
    if (byArn) return byArn;
    for (const secret of this.secrets.values()) if (secret.name === id || secret.arn.slice(0, -7) === id) return secret;
    return undefined;
  }

  /** Replaces (or, with `next` undefined, removes) a secret with no other change to it in between. */
  update<T>(arn: string, change: (existing: StoredSecret | undefined) => { next: StoredSecret | undefined; result: T }): Promise<T> {
    return this.queue.run(arn, async () => {
      const { next, result } = change(this.secrets.get(arn));
      if (next) await this.secrets.put(arn, next);
      else await this.secrets.delete(arn);
      return result;
    });
  }

  async settled(): Promise<void> {
    await Promise.all([this.queue.idle(), this.secrets.settled()]);
  }
}
