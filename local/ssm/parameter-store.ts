import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CloudAssembly } from '../assembly';
import { LOCAL_ACCOUNT } from '../assembly';
import type { SecretsFile } from './secrets';

export type ParameterType = 'String' | 'StringList' | 'SecureString';

/** One parameter as the store answers it. */
export interface StoredParameter {
  name: string;
  type: ParameterType;
  value: string;
  version: number;
  lastModified: Date;
  /** Set for Amplify secrets (values from the local secrets file). */
  secretName?: string;
}

/** `arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>` */
export function parameterArn(name: string): string {
  const { region, accountId } = LOCAL_ACCOUNT;
  return `arn:aws:ssm:${region}:${accountId}:parameter${name.startsWith('/') ? name : `/${name}`}`;
}

/** A name given as an ARN is the name after `parameter`. */
export function nameFromArnOrName(reference: string): string {
  const match = /^arn:aws:ssm:[^:]*:\d*:parameter(\/.*)$/.exec(reference);
  if (!match) return reference;
  // `parameter/foo` names `foo`; `parameter/a/b` names `/a/b` (hierarchies keep their slash).
  const rest = match[1];
  return rest.indexOf('/', 1) > 0 ? rest : rest.slice(1);
}

/**
 * The parameters the local SSM answers: every `AWS::SSM::Parameter` of the assembly
 * (evaluated Name and Value, version 1) and Amplify's `secret()` values, read from the
 * local secrets file under the paths Amplify gives them: the backend's branch path
 * `/amplify/<namespace>/<name>-<type>-<hash>/<SECRET>` and the shared path
 * `/amplify/shared/<namespace>/<SECRET>`.
 */
export class ParameterStore {
  private readonly parameters = new Map<string, StoredParameter>();
  /** Directories under which a parameter named `<dir>/<X>` is the secret `X`. */
  readonly secretDirectories = new Set<string>();
  /** Secret paths that functions resolve at cold start (`AMPLIFY_SSM_ENV_CONFIG`), with who needs them. */
  readonly referencedSecrets = new Map<string, Set<string>>();

  constructor(
    assembly: CloudAssembly,
    private readonly secrets: SecretsFile | undefined,
    loadedAt = new Date(),
  ) {
    for (const resource of assembly.ofType('AWS::SSM::Parameter')) {
      const properties = resource.properties();
      const name = resource.ref();
      this.parameters.set(name, {
        name,
        type: (properties.Type as ParameterType | undefined) ?? 'String',
        value: Array.isArray(properties.Value) ? properties.Value.join(',') : String(properties.Value ?? ''),
        version: 1,
        lastModified: loadedAt,
      });
      // Amplify stores resource references under /amplify/resource_reference/<ns>/<id>/…;
      // the same backend's secrets live under /amplify/<ns>/<id>/… and /amplify/shared/<ns>/….
      const reference = /^\/amplify\/resource_reference\/([^/]+)\/([^/]+)\//.exec(name);
      if (reference) {
        this.secretDirectories.add(`/amplify/${reference[1]}/${reference[2]}`);
        this.secretDirectories.add(`/amplify/shared/${reference[1]}`);
      }
    }
    for (const resource of assembly.ofType('AWS::Lambda::Function')) {
      const variables = (resource.properties().Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
      const config = variables?.AMPLIFY_SSM_ENV_CONFIG;
      if (typeof config !== 'string') continue;
      let entries: Record<string, { path?: string; sharedPath?: string }>;
      try {
        entries = JSON.parse(config) as typeof entries;
      } catch {
        continue;
      }
      for (const entry of Object.values(entries)) {
        // Only secrets have a shared path; resource references are plain parameters.
        if (!entry.path || !entry.sharedPath) continue;
        this.secretDirectories.add(path.posix.dirname(entry.path));
        this.secretDirectories.add(path.posix.dirname(entry.sharedPath));
        const users = this.referencedSecrets.get(path.posix.basename(entry.path)) ?? new Set<string>();
        users.add(resource.ref());
        this.referencedSecrets.set(path.posix.basename(entry.path), users);
      }
    }
  }

  get(name: string): StoredParameter | undefined {
    const declared = this.parameters.get(name);
    if (declared) return declared;
    if (!this.secrets || !this.secretDirectories.has(path.posix.dirname(name))) return undefined;
    const secretName = path.posix.basename(name);
    const secret = this.secrets.get(secretName);
    if (!secret) return undefined;
    return { name, type: 'SecureString', value: secret.value, version: secret.version, lastModified: new Date(secret.lastModified), secretName };
  }

  /** Every parameter, secrets under each of their paths included, sorted by name. */
  all(): StoredParameter[] {
    const out = [...this.parameters.values()];
    for (const directory of this.secretDirectories) {
      for (const secretName of this.secrets?.names() ?? []) {
        const parameter = this.get(`${directory}/${secretName}`);
        if (parameter) out.push(parameter);
      }
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Referenced secrets that the secrets file does not hold. */
  missingSecrets(): string[] {
    return [...this.referencedSecrets.keys()].filter((name) => !this.secrets?.get(name)).sort();
  }
}

/**
 * What a SecureString reads as without decryption: an opaque stand-in for KMS
 * ciphertext, the same for the same value, never the value itself.
 */
export function encryptedForm(parameter: StoredParameter): string {
  const digest = createHash('sha256').update(`flare-local-kms\0${parameter.name}\0${parameter.version}\0${parameter.value}`).digest();
  return `AQICAH${digest.toString('base64')}`;
}
