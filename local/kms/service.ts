import type { OperationCall } from '../kit';
import { serveJsonService } from '../kit';
import type { LocalService, ServiceContext } from '../service';
import type { KmsCall } from './context';
import { deployAssemblyKeys, type KeyDeployment } from './deployment';
import { KmsErrors } from './errors';
import { KeyStore } from './key-store';
import { KMS_OPERATIONS } from './operations';

/** How often keys whose deletion window ended are looked for. */
const SWEEP_MS = 60_000;

export interface KmsServiceOptions {
  /** The clock (epoch ms). */
  now?: () => number;
}

/**
 * The local KMS: the assembly's symmetric keys and aliases (`AWS::KMS::Key`, `AWS::KMS::Alias`)
 * and those callers create, on the edge (JSON 1.1, `TrentService.*`). Every use of a key is
 * authorized as KMS does it, by its key policy together with the caller's IAM policies. Key
 * material is encrypted at rest in the state directory and never leaves the process except as
 * a data key a caller asked for.
 * @example
 * startLocalCloud({ projectDir, services: [iamService(), createKmsService()] });
 */
export class KmsLocalService implements LocalService {
  readonly name = 'kms';
  readonly resourceTypes = ['AWS::KMS::Key', 'AWS::KMS::Alias'] as const;
  private keys?: KeyStore;
  private deployment?: KeyDeployment;
  private sweeper?: NodeJS.Timeout;
  private context?: ServiceContext;
  private readonly now: () => number;

  constructor(options: KmsServiceOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async start(context: ServiceContext): Promise<void> {
    this.context = context;
    const keys = await KeyStore.open(context.state);
    this.keys = keys;
    this.deployment = await deployAssemblyKeys(context.assembly, keys, this.now(), context.log);
    serveJsonService<KmsCall>({
      name: 'kms',
      targetPrefixes: ['TrentService'],
      contentType: 'application/x-amz-json-1.1',
      registry: KMS_OPERATIONS,
      context,
      bind: (call: OperationCall) => ({ ...call, keys, services: context.services, now: this.now }),
      errors: { accessDenied: (message) => KmsErrors.accessDenied(message) },
    });
  }

  /** Keys whose deletion window ends are deleted by a sweep, begun once the cloud is up. */
  ready(): void {
    const sweep = () => this.sweep().catch((error: Error) => this.context?.log.error(`sweeping KMS keys failed: ${error.stack ?? error.message}`));
    void sweep();
    this.sweeper = setInterval(sweep, SWEEP_MS);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    await this.keys?.settled();
  }

  summary(): string {
    if (!this.keys || !this.deployment) return 'not started';
    const { keys, aliases, notRun } = this.deployment;
    const created = this.keys.allKeys().filter((key) => key.logicalId === undefined).length;
    const parts = [
      `${keys.length} key${keys.length === 1 ? '' : 's'} from the assembly${keys.length > 0 ? ` (${keys.join(', ')})` : ''}, ${created} created by callers; ${aliases.length} alias${aliases.length === 1 ? '' : 'es'}; key policies evaluated with IAM; key material encrypted at rest (local key)`,
    ];
    if (notRun.length > 0) parts.push(`NOT run: ${notRun.join('; ')}`);
    parts.push('not run: asymmetric and HMAC keys, grants, rotation, imported material, custom key stores');
    return parts.join('; ');
  }

  private async sweep(): Promise<void> {
    const now = this.now();
    for (const key of this.keys?.allKeys() ?? []) {
      if (key.state !== 'PendingDeletion' || key.deletionDate === undefined || key.deletionDate > now) continue;
      await this.keys!.deleteKey(key.keyId);
      for (const alias of this.keys!.allAliases().filter((candidate) => candidate.targetKeyId === key.keyId)) await this.keys!.deleteAlias(alias.name);
      this.context?.log.info(`KMS key ${key.keyId} deleted (its deletion window ended)`);
    }
  }
}

/**
 * @example
 * startLocalCloud({ projectDir, services: [iamService(), createKmsService()] });
 */
export function createKmsService(options: KmsServiceOptions = {}): KmsLocalService {
  return new KmsLocalService(options);
}
