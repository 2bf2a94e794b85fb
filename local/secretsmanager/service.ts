import { randomUUID } from 'node:crypto';
import type { PolicyDocument } from '../iam/policy/resource-policy';
import { serveJsonService, type OperationCall } from '../kit';
import type { LocalService, ServiceContext } from '../service';
import type { SecretsCall } from './context';
import { deployAssemblySecrets, type SecretDeployment } from './deployment';
import { SECRETS_MANAGER_OPERATIONS } from './operations';
import { rotationIntervalMs, Rotations } from './rotation';
import { SecretStore } from './secret-store';
import { Vault } from './vault';

/** How often scheduled deletions and due rotations are looked for. */
const SWEEP_MS = 60_000;

export interface SecretsManagerServiceOptions {
  /** The clock (epoch ms). */
  now?: () => number;
}

/**
 * The local Secrets Manager: the assembly's secrets (`AWS::SecretsManager::Secret`,
 * `RotationSchedule`, `ResourcePolicy`) and those callers create, on the edge (JSON 1.1,
 * `secretsmanager.*`), every call authorized as `secretsmanager:<Operation>` on the secret
 * against the caller's policies and the secret's resource policy. Values are encrypted at rest
 * under a local key and never logged. Amplify's `secret()` values are not these: they are SSM
 * parameters (local/ssm), as on AWS.
 * @example
 * startLocalCloud({ projectDir, services: [iamService(), createLambdaService(), createSecretsManagerService()] });
 */
export class SecretsManagerLocalService implements LocalService {
  readonly name = 'secretsmanager';
  readonly resourceTypes = ['AWS::SecretsManager::Secret', 'AWS::SecretsManager::RotationSchedule', 'AWS::SecretsManager::ResourcePolicy'] as const;
  private store?: SecretStore;
  private rotations?: Rotations;
  private deployment?: SecretDeployment;
  private sweeper?: NodeJS.Timeout;
  private context?: ServiceContext;
  private readonly now: () => number;

  constructor(options: SecretsManagerServiceOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async start(context: ServiceContext): Promise<void> {
    this.context = context;
    const vault = await Vault.open(context.state);
    const store = await SecretStore.open(context.state);
    const rotations = new Rotations(store, context.services, context.log, this.now);
    this.store = store;
    this.rotations = rotations;
    this.deployment = await deployAssemblySecrets(context.assembly, store, vault, this.now(), context.log);
    serveJsonService<SecretsCall>({
      name: 'secretsmanager',
      targetPrefixes: ['secretsmanager'],
      contentType: 'application/x-amz-json-1.1',
      registry: SECRETS_MANAGER_OPERATIONS,
      context,
      bind: (call: OperationCall) => ({ ...call, secrets: store, vault, rotations, now: this.now }),
      resourcePolicies: (resource) => {
        const policy = store.find(resource)?.policy;
        return policy ? [JSON.parse(policy) as PolicyDocument] : [];
      },
    });
  }

  /** Rotations a new schedule asks for, and the sweep, begin once the deployment is complete, as on AWS. */
  ready(): void {
    for (const { arn, lambdaArn } of this.deployment?.rotateNow ?? []) void this.rotate(arn, lambdaArn);
    const sweep = () => this.sweep().catch((error: Error) => this.context?.log.error(`sweeping secrets failed: ${error.stack ?? error.message}`));
    void sweep();
    this.sweeper = setInterval(sweep, SWEEP_MS);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    await this.rotations?.settled();
    await this.store?.settled();
  }

  summary(): string {
    if (!this.store || !this.deployment) return 'not started';
    const all = this.store.all();
    const { declared, rotations, notRun } = this.deployment;
    const parts = [`${declared} secret${declared === 1 ? '' : 's'} from the assembly, ${all.length - declared} created by callers; ${rotations} rotation schedule${rotations === 1 ? '' : 's'}; values encrypted at rest (local key)`];
    if (notRun.length > 0) parts.push(`NOT run: ${notRun.join('; ')}`);
    parts.push('not run: replication to other regions, hosted rotation Lambdas, SecretTargetAttachment');
    return parts.join('; ');
  }

  private async rotate(arn: string, lambdaArn: string): Promise<void> {
    const secret = this.store?.find(arn);
    if (!secret || secret.deletedAt !== undefined || this.rotations!.inProgress(arn)) return;
    try {
      await this.rotations!.start(secret, lambdaArn, randomUUID());
    } catch (error) {
      this.context?.log.error(`rotation of secret ${secret.name} could not start: ${(error as Error).message}`);
    }
  }

  /** Deletes secrets whose recovery window is over, and starts rotations that are due. */
  private async sweep(): Promise<void> {
    const now = this.now();
    for (const secret of this.store?.all() ?? []) {
      if (secret.deletionDate !== undefined && secret.deletionDate <= now) {
        await this.store!.update(secret.arn, () => ({ next: undefined, result: undefined }));
        this.context?.log.info(`secret ${secret.name} deleted (its recovery window ended)`);
        continue;
      }
      const rotation = secret.rotation;
      const interval = rotationIntervalMs(rotation?.rules);
      if (rotation?.enabled && rotation.lambdaArn && interval && (rotation.lastRotatedAt ?? secret.createdAt) + interval <= now) await this.rotate(secret.arn, rotation.lambdaArn);
    }
  }
}

/**
 * @example
 * startLocalCloud({ projectDir, services: [iamService(), createSecretsManagerService()] });
 */
export function createSecretsManagerService(options: SecretsManagerServiceOptions = {}): SecretsManagerLocalService {
  return new SecretsManagerLocalService(options);
}
