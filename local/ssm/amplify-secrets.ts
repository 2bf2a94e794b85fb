import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CloudAssembly } from '../assembly';
import type { ParameterStore } from './parameter-store';

/**
 * The secret directories of a backend identifier, as Amplify derives them (ParameterPathConversions
 * in @aws-amplify/platform-core): `/amplify/<namespace>/<name>-<type>-<hash>` with the stack
 * name's sanitizing and hash (the first 10 hex of SHA-512 over namespace and name), and the
 * app's shared `/amplify/shared/<namespace>`. The secret fetcher's properties carry the identifier.
 */
export function backendSecretDirectories(backend: { namespace: string; name: string; type: string }): { branch: string; shared: string } {
  const sanitize = (text: string) => text.replace(/[^A-Za-z0-9]/g, '');
  const hash = createHash('sha512').update(backend.namespace).update(backend.name).digest('hex').slice(0, 10);
  const name = sanitize(backend.name).slice(0, 50);
  // A stack name is at most 128 characters: 'amplify', four dashes, the type, the name and the hash.
  const namespace = sanitize(backend.namespace).slice(0, 128 - 'amplify'.length - backend.type.length - name.length - 4 - 10 - 1);
  return { branch: `/amplify/${namespace}/${name}-${backend.type}-${hash}`, shared: `/amplify/shared/${backend.namespace}` };
}

/**
 * Where Amplify's `secret()` values live in Parameter Store for this backend: as SecureString
 * parameters `<branch directory>/<NAME>` (what `ampx sandbox secret set` writes, and what
 * `npm run secret` writes locally) or `<shared directory>/<NAME>`, the branch one read first.
 * Learnt from the assembly: the branch directory `/amplify/<namespace>/<backend id>` sits
 * beside Amplify's resource references, and each function's `AMPLIFY_SSM_ENV_CONFIG` names the
 * paths it reads at cold start.
 */
export class AmplifySecrets {
  /** `/amplify/<namespace>/<backend id>`: where this backend's secrets are set. */
  readonly branchDirectories = new Set<string>();
  /** `/amplify/shared/<namespace>`: secrets every branch of the app shares. */
  readonly sharedDirectories = new Set<string>();
  /** Secret name → the paths functions read it from, and those functions. */
  readonly referenced = new Map<string, { paths: Set<string>; users: Set<string> }>();

  static fromAssembly(assembly: CloudAssembly): AmplifySecrets {
    const secrets = new AmplifySecrets();
    for (const resource of assembly.ofType('AWS::SSM::Parameter')) {
      // Amplify stores resource references under /amplify/resource_reference/<ns>/<id>/…;
      // the same backend's secrets live under /amplify/<ns>/<id>/… and /amplify/shared/<ns>/….
      const reference = /^\/amplify\/resource_reference\/([^/]+)\/([^/]+)\//.exec(resource.ref());
      if (!reference) continue;
      secrets.branchDirectories.add(`/amplify/${reference[1]}/${reference[2]}`);
      secrets.sharedDirectories.add(`/amplify/shared/${reference[1]}`);
    }
    // secret() used at deploy time (auth's social providers): the fetcher names the backend.
    for (const resource of assembly.ofType('Custom::AmplifySecretFetcherResource')) {
      const props = resource.properties();
      const { branch, shared } = backendSecretDirectories({ namespace: String(props.namespace), name: String(props.name), type: String(props.type) });
      secrets.branchDirectories.add(branch);
      secrets.sharedDirectories.add(shared);
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
        secrets.branchDirectories.add(path.posix.dirname(entry.path));
        secrets.sharedDirectories.add(path.posix.dirname(entry.sharedPath));
        const name = path.posix.basename(entry.path);
        const reference = secrets.referenced.get(name) ?? { paths: new Set<string>(), users: new Set<string>() };
        reference.paths.add(entry.path).add(entry.sharedPath);
        reference.users.add(resource.ref());
        secrets.referenced.set(name, reference);
      }
    }
    return secrets;
  }

  /** The secret a parameter name holds, when it lies in one of the backend's secret directories. */
  secretName(name: string): string | undefined {
    const directory = path.posix.dirname(name);
    return this.branchDirectories.has(directory) || this.sharedDirectories.has(directory) ? path.posix.basename(name) : undefined;
  }

  /** Secrets functions read that are set under none of their paths. */
  missing(store: ParameterStore): string[] {
    return [...this.referenced.entries()].filter(([, reference]) => ![...reference.paths].some((name) => store.get(name))).map(([name]) => name).sort();
  }
}
