import { AssemblyError, LOCAL_ACCOUNT } from '../assembly';
import type { IamService } from '../iam/types';
import type { LocalService, ServiceContext } from '../service';
import { BucketRegistry, type DeclaredBucket } from './buckets';
import { validatePolicy, type PolicyDocument } from '../iam/policy/resource-policy';
import { AWS_LIMITS, type S3Context, type S3Limits } from './call';
import type { CorsRule } from './cors';
import { runBucketDeployments } from './deployments';
import { bucketDefaultEncryption } from './encryption';
import { applyLifecycle } from './lifecycle';
import { BucketNotifications } from './notifications';
import { s3Route } from './route';
import { ObjectStore } from './store/objectStore';

export interface S3ServiceOptions {
  /**
   * Size limits; AWS's by default on disk, and 1 GiB per object or part in memory
   * (`--in-memory` holds every byte in the process). Tests lower them to exercise
   * EntityTooLarge / EntityTooSmall cheaply.
   */
  limits?: Partial<S3Limits>;
  /** The clock lifecycle expiration reads (Date.now by default; tests move it). */
  clock?: () => number;
  /** How often lifecycle rules are applied, in milliseconds (60 s by default). */
  lifecycleSweepMs?: number;
}

/** In memory a body is one Buffer: keep well under Node's Buffer limit and a laptop's RAM. */
const IN_MEMORY_LIMITS: Partial<S3Limits> = { maxObjectSize: 1024 ** 3, maxPartSize: 1024 ** 3 };

interface BucketProperties {
  CorsConfiguration?: { CorsRules?: CorsRule[] };
  VersioningConfiguration?: { Status?: 'Enabled' | 'Suspended' };
  BucketEncryption?: Parameters<typeof bucketDefaultEncryption>[0];
}

/**
 * The local S3: the assembly's buckets with their CORS rules, versioning flag and bucket
 * policies, objects on disk under the state directory, bucket deployments done at start,
 * and every request authenticated and authorized through the local IAM service.
 *
 * Event notifications to Lambda (storage triggers) are delivered after each write and delete
 * (notifications.ts). `Custom::S3AutoDeleteObjects` is claimed and does nothing: on AWS it empties a bucket
 * when its stack is deleted; locally buckets live as long as the state directory
 * (`--reset` wipes it, `--in-memory` never keeps it).
 */
export class S3Service implements LocalService {
  readonly name = 's3';
  readonly resourceTypes = ['AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'Custom::CDKBucketDeployment', 'Custom::S3AutoDeleteObjects', 'Custom::S3BucketNotifications'] as const;
  private context?: S3Context;
  private deployed = 0;
  private sweep?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;

  constructor(private readonly options: S3ServiceOptions = {}) {}

  async start(ctx: ServiceContext): Promise<void> {
    const bucketResources = ctx.assembly.ofType('AWS::S3::Bucket');
    if (bucketResources.length === 0) return;

    const store = await ObjectStore.open(ctx.state, ctx.log);
    const declared = new Map<string, DeclaredBucket>();
    for (const resource of bucketResources) {
      const name = resource.ref();
      const props = resource.properties() as BucketProperties;
      declared.set(name, {
        name,
        arn: `arn:aws:s3:::${name}`,
        region: LOCAL_ACCOUNT.region,
        cors: props.CorsConfiguration?.CorsRules,
        versioning: props.VersioningConfiguration?.Status,
        encryption: bucketDefaultEncryption(props.BucketEncryption, LOCAL_ACCOUNT.region),
        policies: [],
        cdkPath: resource.cdkPath,
      });
    }
    for (const resource of ctx.assembly.ofType('AWS::S3::BucketPolicy')) {
      const { Bucket: name, PolicyDocument: policy } = resource.properties() as { Bucket: string; PolicyDocument: PolicyDocument };
      const bucket = declared.get(name);
      if (!bucket) throw new AssemblyError(`${resource.cdkPath}: the policy's bucket ${name} is not a bucket of this assembly`);
      validatePolicy(`Bucket policy of ${name}`, policy);
      bucket.policies.push(policy);
    }
    const buckets = new BucketRegistry(store);
    for (const bucket of declared.values()) await buckets.declare(bucket);
    buckets.restoreCreated();

    const iam = ctx.services.find<IamService>('iam');
    if (!iam) {
      ctx.log.warn('no local IAM service runs in this local cloud: S3 requests are neither authenticated nor authorized');
    }
    const limits = { ...AWS_LIMITS, ...(ctx.state.persistent ? {} : IN_MEMORY_LIMITS), ...this.options.limits };
    // Storage triggers invoke functions through the local Lambda service (started before S3).
    const notifications = BucketNotifications.fromAssembly(ctx.assembly, ctx.services, ctx.log);
    this.context = { store, buckets, iam, limits, region: LOCAL_ACCOUNT.region, log: ctx.log, notifications };
    this.deployed = await runBucketDeployments(ctx.assembly, store, new Set(declared.keys()));
    ctx.edge.addRoute(s3Route(this.context));
    this.startLifecycleSweep(store, buckets, ctx.log);
  }

  /** Lifecycle expiration by the local clock, one sweep at a time; the timer never keeps the process alive. */
  private startLifecycleSweep(store: ObjectStore, buckets: BucketRegistry, log: ServiceContext['log']): void {
    const clock = this.options.clock ?? Date.now;
    this.sweep = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = applyLifecycle(store, [...buckets.values()], clock())
        .then((removed) => removed > 0 && log.debug(`lifecycle rules expired ${removed} object(s) or upload(s)`))
        .catch((error: unknown) => log.error(`lifecycle sweep failed: ${(error as Error)?.stack ?? String(error)}`))
        .finally(() => (this.sweeping = undefined));
    }, this.options.lifecycleSweepMs ?? 60_000);
    this.sweep.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweep);
    await this.sweeping;
    // Every acknowledged write is already durable; nothing is buffered.
  }

  summary(): string {
    const count = this.context?.buckets.size ?? 0;
    if (count === 0) return 'no buckets';
    const triggers = this.context?.notifications?.count ?? 0;
    return `${count} bucket${count === 1 ? '' : 's'}, ${this.deployed} object${this.deployed === 1 ? '' : 's'} deployed${triggers ? `, ${triggers} event notification${triggers === 1 ? '' : 's'} to Lambda` : ''}`;
  }
}

/**
 * The local S3 service. After iam (every request is authenticated and authorized through it).
 * @example
 * const cloud = await startLocalCloud({ projectDir, services: [iamService(), s3Service()] });
 */
export function s3Service(options: S3ServiceOptions = {}): S3Service {
  return new S3Service(options);
}
