import { createHash, randomUUID } from 'node:crypto';
import type { RotationRulesType, Tag } from '@aws-sdk/client-secrets-manager';
import type { CloudAssembly } from '../assembly';
import { JsonServiceError } from '../edge/json-protocol';
import type { Logger } from '../reporter';
import { randomPassword, type PasswordOptions } from './password';
import { acceptedPolicy } from './resource-policy';
import { rotationIntervalMs } from './rotation';
import type { SecretStore, StoredSecret } from './secret-store';
import type { Vault } from './vault';
import { CURRENT, versionWithStage, withNewVersion } from './versions';

interface GenerateSecretString extends PasswordOptions {
  SecretStringTemplate?: string;
  GenerateStringKey?: string;
}

/** What deploying the assembly's secrets did, for the start-up table. */
export interface SecretDeployment {
  declared: number;
  rotations: number;
  notRun: string[];
  /** Rotations CloudFormation would start now (a new or changed schedule with RotateImmediatelyOnUpdate). */
  rotateNow: { arn: string; lambdaArn: string }[];
}

/** A value GenerateSecretString makes: a password, or the template's JSON with the password under GenerateStringKey. */
export function generatedValue(spec: GenerateSecretString): string {
  const password = randomPassword({ ...spec, PasswordLength: spec.PasswordLength === undefined ? undefined : Number(spec.PasswordLength) });
  if (spec.SecretStringTemplate === undefined || spec.GenerateStringKey === undefined) return password;
  return JSON.stringify({ ...(JSON.parse(spec.SecretStringTemplate) as object), [spec.GenerateStringKey]: password });
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * Sets up the assembly's secrets at start as a CloudFormation deployment would:
 * `AWS::SecretsManager::Secret` with its ARN from the assembly, its SecretString or a value made
 * from GenerateSecretString (made once: a restart keeps it; a changed template makes a new
 * AWSCURRENT version), description and tags; `RotationSchedule` sets the rotation function and
 * rules (and, when new or changed with RotateImmediatelyOnUpdate, asks for a rotation);
 * `ResourcePolicy` sets the secret's policy. Secrets an earlier assembly declared and this one
 * does not are deleted. What cannot run (hosted rotation Lambdas, replicas, target attachments)
 * is named and skipped.
 */
export async function deployAssemblySecrets(assembly: CloudAssembly, store: SecretStore, vault: Vault, now: number, log: Logger): Promise<SecretDeployment> {
  const result: SecretDeployment = { declared: 0, rotations: 0, notRun: [], rotateNow: [] };
  const declared = new Set<string>();
  for (const resource of assembly.ofType('AWS::SecretsManager::Secret')) {
    const properties = resource.properties();
    const arn = resource.ref();
    const name = (properties.Name as string | undefined) ?? arn.split(':secret:')[1].slice(0, -7);
    const other = store.find(name);
    if (other && other.arn !== arn) {
      result.notRun.push(`${resource.logicalId} (a secret named ${name} was created by a caller)`);
      log.warn(`secret ${resource.logicalId} is NOT run: a secret named ${name} exists already (created by a caller); delete it with ForceDeleteWithoutRecovery to let the assembly's take its place`);
      continue;
    }
    if (properties.ReplicaRegions !== undefined) log.warn(`secret ${resource.logicalId}: ReplicaRegions are not run (the local cloud has one region)`);
    declared.add(arn);
    result.declared++;
    const generate = properties.GenerateSecretString as GenerateSecretString | undefined;
    const source = properties.SecretString !== undefined ? { string: String(properties.SecretString) } : generate ? { generate: digest(generate) } : undefined;
    const tags = ((properties.Tags ?? []) as Tag[]).map((tag) => ({ Key: tag.Key, Value: tag.Value }));
    await store.update(arn, (existing) => {
      let secret: StoredSecret = {
        ...(existing ?? { name, arn, createdAt: now, versions: [] }),
        ...(typeof properties.Description === 'string' && { description: properties.Description }),
        ...(typeof properties.KmsKeyId === 'string' && { kmsKeyId: properties.KmsKeyId }),
        tags,
        lastChangedAt: existing?.lastChangedAt ?? now,
        logicalId: resource.logicalId,
      };
      const current = versionWithStage(secret, CURRENT);
      const currentText = current?.value && vault.open(current.value).text;
      const changed = source?.string !== undefined ? currentText !== source.string : source?.generate !== undefined && secret.generatedFrom !== source.generate;
      if (source && changed) {
        const text = source.string ?? generatedValue(generate!);
        secret = withNewVersion(secret, randomUUID(), vault.seal({ kind: 'string', text }), [CURRENT], now, () => false);
        if (source.generate) secret.generatedFrom = source.generate;
      }
      return { next: secret, result: undefined };
    });
  }
  for (const resource of assembly.ofType('AWS::SecretsManager::RotationSchedule')) {
    const properties = resource.properties() as { SecretId?: string; RotationLambdaARN?: string; RotationRules?: RotationRulesType; RotateImmediatelyOnUpdate?: boolean; HostedRotationLambda?: unknown };
    const secret = properties.SecretId ? store.find(properties.SecretId) : undefined;
    if (properties.HostedRotationLambda !== undefined || !properties.RotationLambdaARN || !secret) {
      const why = properties.HostedRotationLambda !== undefined ? 'hosted rotation Lambdas (AWS-provided templates) do not run locally' : !secret ? 'its secret is not run' : 'it names no RotationLambdaARN';
      result.notRun.push(`${resource.logicalId} (${why})`);
      log.warn(`rotation schedule ${resource.logicalId} is NOT run: ${why}`);
      continue;
    }
    result.rotations++;
    if (properties.RotationRules?.ScheduleExpression && rotationIntervalMs(properties.RotationRules) === undefined) {
      log.warn(`rotation schedule ${resource.logicalId}: ${properties.RotationRules.ScheduleExpression} is not scheduled locally (only rate expressions are); RotateSecret rotates it`);
    }
    const rules = properties.RotationRules && { ...properties.RotationRules, ...(properties.RotationRules.AutomaticallyAfterDays !== undefined && { AutomaticallyAfterDays: Number(properties.RotationRules.AutomaticallyAfterDays) }) };
    const before = secret.rotation;
    const changed = before?.lambdaArn !== properties.RotationLambdaARN || JSON.stringify(before?.rules) !== JSON.stringify(rules);
    await store.update(secret.arn, (current) => ({ next: current && { ...current, rotation: { ...current.rotation, lambdaArn: properties.RotationLambdaARN, rules, enabled: true } }, result: undefined }));
    if (changed && properties.RotateImmediatelyOnUpdate !== false) result.rotateNow.push({ arn: secret.arn, lambdaArn: properties.RotationLambdaARN });
  }
  for (const resource of assembly.ofType('AWS::SecretsManager::ResourcePolicy')) {
    const properties = resource.properties() as { SecretId?: string; ResourcePolicy?: unknown; BlockPublicPolicy?: boolean };
    const secret = properties.SecretId ? store.find(properties.SecretId) : undefined;
    try {
      if (!secret) throw new JsonServiceError('ResourceNotFoundException', 'its secret is not run');
      const text = typeof properties.ResourcePolicy === 'string' ? properties.ResourcePolicy : JSON.stringify(properties.ResourcePolicy);
      acceptedPolicy(text, properties.BlockPublicPolicy === true);
      await store.update(secret.arn, (current) => ({ next: current && { ...current, policy: text }, result: undefined }));
    } catch (error) {
      if (!(error instanceof JsonServiceError)) throw error;
      result.notRun.push(`${resource.logicalId} (${error.message})`);
      log.warn(`secret resource policy ${resource.logicalId} is NOT run: ${error.message}`);
    }
  }
  for (const secret of store.all()) {
    if (secret.logicalId !== undefined && !declared.has(secret.arn)) await store.update(secret.arn, () => ({ next: undefined, result: undefined }));
  }
  return result;
}
