import type { SecretVersion, StoredSecret } from './secret-store';
import { SecretsErrors } from './errors';

/** Secrets Manager keeps this many versions without staging labels (older ones are deprecated, then removed). */
const UNLABELED_KEPT = 100;

export const CURRENT = 'AWSCURRENT';
export const PREVIOUS = 'AWSPREVIOUS';
export const PENDING = 'AWSPENDING';

/** The version holding a staging label. */
export const versionWithStage = (secret: StoredSecret, stage: string): SecretVersion | undefined => secret.versions.find((version) => version.stages.includes(stage));

/**
 * Moves `stage` onto version `toId` (every other version loses it). Moving AWSCURRENT gives
 * AWSPREVIOUS to the version that held it, as Secrets Manager does.
 */
export function withStage(versions: SecretVersion[], stage: string, toId: string): SecretVersion[] {
  const previous = stage === CURRENT ? versions.find((version) => version.stages.includes(CURRENT) && version.id !== toId) : undefined;
  return versions.map((version) => {
    let stages = version.stages.filter((s) => s !== stage);
    if (previous) stages = stages.filter((s) => s !== PREVIOUS);
    if (version.id === toId) stages = [...stages, stage];
    if (previous && version.id === previous.id) stages = [...stages, PREVIOUS];
    return { ...version, stages };
  });
}

/** Drops the oldest versions without labels beyond what Secrets Manager keeps. */
export function pruned(versions: SecretVersion[]): SecretVersion[] {
  const unlabeled = versions.filter((version) => version.stages.length === 0);
  const drop = new Set(unlabeled.slice(0, Math.max(0, unlabeled.length - UNLABELED_KEPT)).map((version) => version.id));
  return versions.filter((version) => !drop.has(version.id));
}

/**
 * The secret with a new value as version `id` carrying `stages` (default AWSCURRENT), as
 * PutSecretValue and UpdateSecret make one. The same id again with the same value is a repeat
 * (nothing changes); with another value it is ResourceExistsException. A version that exists
 * without a value (a rotation's AWSPENDING) takes the value.
 */
export function withNewVersion(secret: StoredSecret, id: string, value: NonNullable<SecretVersion['value']>, stages: readonly string[], now: number, same: (a: SecretVersion['value'], b: SecretVersion['value']) => boolean): StoredSecret {
  const existing = secret.versions.find((version) => version.id === id);
  if (existing?.value) {
    if (!same(existing.value, value)) throw SecretsErrors.versionExists();
    return secret;
  }
  let versions: SecretVersion[] = existing
    ? secret.versions.map((version) => (version.id === id ? { ...version, value } : version))
    : [...secret.versions, { id, stages: [], createdAt: now, value }];
  for (const stage of stages) versions = withStage(versions, stage, id);
  return { ...secret, versions: pruned(versions), lastChangedAt: now };
}

/** Refuses operations on a secret scheduled for deletion, as Secrets Manager does. */
export function assertNotDeleted(secret: StoredSecret): void {
  if (secret.deletedAt !== undefined) throw SecretsErrors.markedForDeletion();
}
