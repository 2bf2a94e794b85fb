import type { ParameterTier, ParameterType, Tag } from '@aws-sdk/client-ssm';
import type { CloudAssembly } from '../assembly';
import type { Logger } from '../reporter';
import type { ServiceState } from '../state';
import { StateStore } from '../state';
import type { AmplifySecrets } from './amplify-secrets';
import { current, PARAMETERS_COLLECTION, withNewVersion, type ParameterStore, type StoredParameter, type VersionContent } from './parameter-store';

/**
 * Sets the assembly's `AWS::SSM::Parameter`s at start, as a CloudFormation deployment would:
 * a new version where the evaluated value (or type, description…) differs from the current one,
 * nothing where it is the same; parameters an earlier assembly declared and this one does not
 * are deleted.
 */
export async function deployAssemblyParameters(assembly: CloudAssembly, store: ParameterStore, now: number, user: string): Promise<void> {
  const declared = new Set<string>();
  for (const resource of assembly.ofType('AWS::SSM::Parameter')) {
    const properties = resource.properties();
    const name = resource.ref();
    declared.add(name);
    const content: VersionContent = {
      value: Array.isArray(properties.Value) ? properties.Value.join(',') : String(properties.Value ?? ''),
      type: (properties.Type as ParameterType | undefined) ?? 'String',
      ...(typeof properties.Description === 'string' && { description: properties.Description }),
      ...(typeof properties.AllowedPattern === 'string' && { allowedPattern: properties.AllowedPattern }),
      tier: (properties.Tier as ParameterTier | undefined) === 'Advanced' ? 'Advanced' : 'Standard',
      dataType: typeof properties.DataType === 'string' ? properties.DataType : 'text',
      lastModified: now,
      lastModifiedUser: user,
    };
    const tags: Tag[] = Object.entries((properties.Tags ?? {}) as Record<string, string>).map(([Key, Value]) => ({ Key, Value }));
    await store.update(name, (existing) => {
      const latest = existing && current(existing);
      const same = latest && latest.value === content.value && latest.type === content.type && latest.description === content.description && latest.allowedPattern === content.allowedPattern && latest.dataType === content.dataType;
      if (same && existing.fromAssembly) return { next: existing, result: undefined };
      const next: StoredParameter = same ? existing : withNewVersion(existing, name, content);
      return { next: { ...next, tags, fromAssembly: true }, result: undefined };
    });
  }
  for (const parameter of store.all()) {
    if (parameter.fromAssembly && !declared.has(parameter.name)) await store.update(parameter.name, () => ({ next: undefined, result: undefined }));
  }
}

/** `<state>/ssm/secrets.json`, the secrets file before the state store: secret name → value. */
interface LegacySecrets {
  secrets: Record<string, { value: string; version: number; lastModified: string }>;
}

/**
 * Imports the secrets file an earlier local cloud kept, as SecureString parameters under each
 * of the backend's secret directories (where it used to answer them), then removes it.
 */
export async function importLegacySecrets(state: ServiceState, store: ParameterStore, secrets: AmplifySecrets, user: string, log: Logger): Promise<void> {
  const legacy = await state.legacyJson<LegacySecrets>('secrets.json');
  if (!legacy) return;
  const directories = [...secrets.branchDirectories, ...secrets.sharedDirectories];
  for (const [secret, saved] of Object.entries(legacy.value.secrets ?? {})) {
    for (const directory of directories) {
      const name = `${directory}/${secret}`;
      await store.update(name, (existing) => ({
        next: existing ?? { name, tags: [], versions: [{ version: saved.version, value: saved.value, type: 'SecureString', keyId: 'alias/aws/ssm', tier: 'Standard', dataType: 'text', lastModified: Date.parse(saved.lastModified), lastModifiedUser: user, labels: [] }] },
        result: undefined,
      }));
    }
  }
  await legacy.remove();
  log.info(`imported ${Object.keys(legacy.value.secrets ?? {}).length} secret(s) from the former secrets file into Parameter Store`);
}

/**
 * With `--in-memory`, the parameters set in the default state directory (secrets, chiefly)
 * are copied in at start, read-only: secrets are configuration a developer set once, and an
 * in-memory run still needs them. The copy is not written back.
 */
export async function copySavedParameters(projectStateDir: string, store: ParameterStore, reporter: import('../reporter').Reporter): Promise<number> {
  const saved = await StateStore.readOnly(projectStateDir, reporter).service('ssm').collection<StoredParameter>(PARAMETERS_COLLECTION.name, PARAMETERS_COLLECTION);
  let copied = 0;
  for (const parameter of saved.values()) {
    if (parameter.fromAssembly) continue;
    await store.update(parameter.name, () => ({ next: parameter, result: undefined }));
    copied++;
  }
  return copied;
}
