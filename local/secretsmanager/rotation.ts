import type { RotationRulesType } from '@aws-sdk/client-secrets-manager';
import type { LambdaService } from '../lambda/types';
import type { Logger } from '../reporter';
import type { ServiceRegistry } from '../service';
import { SecretsErrors } from './errors';
import type { SecretStore, StoredSecret } from './secret-store';
import { CURRENT, PENDING, withStage } from './versions';

/**
 * How long after a rotation the next one is due, from RotationRules: AutomaticallyAfterDays or a
 * `rate(N days|hours)` ScheduleExpression (what CDK's `automaticallyAfter` writes). A `cron(…)`
 * expression gives undefined: it is not scheduled locally (RotateSecret still rotates).
 */
export function rotationIntervalMs(rules: RotationRulesType | undefined): number | undefined {
  if (rules?.AutomaticallyAfterDays) return rules.AutomaticallyAfterDays * 86_400_000;
  const rate = /^rate\((\d+) (day|days|hour|hours)\)$/.exec(rules?.ScheduleExpression?.trim() ?? '');
  if (!rate) return undefined;
  return Number(rate[1]) * (rate[2].startsWith('day') ? 86_400_000 : 3_600_000);
}

/** Rotation's four steps, in the order Secrets Manager runs them. */
const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

/**
 * Rotation as Secrets Manager runs it: the new version id (ClientRequestToken) is labelled
 * AWSPENDING with no value yet, then the rotation function is invoked through the local Lambda
 * once per step, `{ Step, SecretId, ClientRequestToken }`, in order, each after the last
 * succeeded: createSecret (the function puts the new value as AWSPENDING), setSecret,
 * testSecret, finishSecret (it moves AWSCURRENT to the new version). When the steps are done
 * AWSPENDING comes off and LastRotatedDate is set; a failed step ends the rotation there, named
 * in the log, leaving AWSPENDING where it is (the next RotateSecret retries it, as on AWS).
 * Steps run after RotateSecret has answered, as on AWS.
 */
export class Rotations {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly store: SecretStore, private readonly services: ServiceRegistry, private readonly log: Logger, private readonly now: () => number) {}

  /** Whether a rotation of this secret is running now. */
  inProgress(arn: string): boolean {
    return this.running.has(arn);
  }

  /** Labels `token` AWSPENDING and runs the steps in the background; resolves once the label is durable. */
  async start(secret: StoredSecret, lambdaArn: string, token: string): Promise<void> {
    if (this.running.has(secret.arn)) throw SecretsErrors.invalidRequest("A previous rotation isn't complete. That rotation will be reattempted.");
    const lambda = this.services.find<LambdaService>('lambda');
    if (!lambda) throw SecretsErrors.invalidRequest('Rotation needs the local Lambda service, which does not run in this local cloud.');
    await this.store.update(secret.arn, (current) => {
      if (!current) throw SecretsErrors.notFound();
      const versions = current.versions.some((version) => version.id === token) ? current.versions : [...current.versions, { id: token, stages: [], createdAt: this.now() }];
      return { next: { ...current, versions: withStage(versions, PENDING, token) }, result: undefined };
    });
    const run = this.run(secret, lambda, lambdaArn, token).finally(() => this.running.delete(secret.arn));
    this.running.set(secret.arn, run);
  }

  private async run(secret: StoredSecret, lambda: LambdaService, lambdaArn: string, token: string): Promise<void> {
    for (const step of STEPS) {
      let failure: string | undefined;
      try {
        const result = await lambda.invoke(lambdaArn, { Step: step, SecretId: secret.arn, ClientRequestToken: token }, { source: `secretsmanager rotation of ${secret.name}` });
        if (result.functionError) failure = `${result.error?.errorType ?? 'Error'}: ${result.error?.errorMessage ?? ''}`;
      } catch (error) {
        failure = (error as Error).message;
      }
      if (failure) {
        this.log.error(`rotation of secret ${secret.name} failed at step ${step} (${failure}); AWSPENDING stays on version ${token}`);
        return;
      }
    }
    await this.store.update(secret.arn, (current) => {
      if (!current) return { next: undefined, result: undefined };
      const rotated = current.versions.find((version) => version.id === token)?.stages.includes(CURRENT) === true;
      if (!rotated) this.log.warn(`rotation of secret ${secret.name}: finishSecret did not move AWSCURRENT to version ${token}`);
      const versions = rotated ? current.versions.map((version) => (version.id === token ? { ...version, stages: version.stages.filter((s) => s !== PENDING) } : version)) : current.versions;
      return { next: { ...current, versions, rotation: { ...(current.rotation ?? { enabled: true }), lastRotatedAt: this.now() }, lastChangedAt: this.now() }, result: undefined };
    });
    this.log.info(`secret ${secret.name} rotated (version ${token})`);
  }

  /** Waits for every rotation in flight (the service stopping). */
  async settled(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }
}
