import type { CloudAssembly } from '../assembly';
import { LOCAL_ACCOUNT } from '../assembly';
import type { Logger } from '../reporter';
import { checkKeyPolicy, defaultKeyPolicy } from './key-policy';
import { keyArn, type KeyStore, type StoredKey } from './key-store';

/** What deploying the assembly's keys did, for the start-up table. */
export interface KeyDeployment {
  keys: string[];
  aliases: string[];
  notRun: string[];
}

/**
 * Sets up the assembly's `AWS::KMS::Key`s (symmetric encryption keys) and `AWS::KMS::Alias`es
 * at start as a deployment would: the key id the assembly's references carry, its key policy,
 * description and `Enabled`; material made at the first start and kept across restarts. A key
 * of another spec or usage is named as not run, and so is an alias of it.
 */
export async function deployAssemblyKeys(assembly: CloudAssembly, keys: KeyStore, now: number, log: Logger): Promise<KeyDeployment> {
  const result: KeyDeployment = { keys: [], aliases: [], notRun: [] };
  for (const resource of assembly.ofType('AWS::KMS::Key')) {
    const properties = resource.properties();
    const spec = (properties.KeySpec as string | undefined) ?? 'SYMMETRIC_DEFAULT';
    const usage = (properties.KeyUsage as string | undefined) ?? 'ENCRYPT_DECRYPT';
    if (spec !== 'SYMMETRIC_DEFAULT' || usage !== 'ENCRYPT_DECRYPT' || properties.Origin === 'EXTERNAL' || properties.MultiRegion === true) {
      result.notRun.push(`${resource.logicalId} (${spec} ${usage}${properties.MultiRegion === true ? ', multi-Region' : ''}${properties.Origin === 'EXTERNAL' ? ', imported material' : ''}: the local KMS runs symmetric encryption keys only)`);
      log.warn(`KMS key ${resource.logicalId} is NOT run: ${spec} ${usage} keys are not supported locally (symmetric encryption keys only)`);
      continue;
    }
    const keyId = resource.ref();
    const policy = properties.KeyPolicy === undefined ? defaultKeyPolicy(LOCAL_ACCOUNT.accountId) : JSON.stringify(properties.KeyPolicy);
    try {
      checkKeyPolicy(policy);
    } catch (error) {
      result.notRun.push(`${resource.logicalId} (its key policy cannot be evaluated locally: ${(error as Error).message})`);
      log.warn(`KMS key ${resource.logicalId} is NOT run: its key policy cannot be evaluated locally: ${(error as Error).message}`);
      continue;
    }
    const existing = keys.key(keyId);
    const declaredState = properties.Enabled === false ? 'Disabled' : 'Enabled';
    const key: StoredKey = {
      ...(existing ?? { keyId, arn: keyArn(keyId), createdAt: now, material: keys.newMaterial() }),
      description: typeof properties.Description === 'string' ? properties.Description : '',
      policy,
      // A key a caller scheduled for deletion stays so until the window ends or it is cancelled.
      state: existing?.state === 'PendingDeletion' ? 'PendingDeletion' : declaredState,
      logicalId: resource.logicalId,
    };
    await keys.putKey(key);
    result.keys.push(resource.logicalId);
  }
  for (const resource of assembly.ofType('AWS::KMS::Alias')) {
    const properties = resource.properties();
    const name = String(properties.AliasName);
    const target = String(properties.TargetKeyId);
    const keyId = /key\/(.+)$/.exec(target)?.[1] ?? target;
    if (!keys.key(keyId)) {
      result.notRun.push(`${resource.logicalId} (${name}: its key is not run)`);
      continue;
    }
    await keys.putAlias({ name, targetKeyId: keyId, createdAt: keys.alias(name)?.createdAt ?? now, logicalId: resource.logicalId });
    result.aliases.push(name);
  }
  return result;
}
