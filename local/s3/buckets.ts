/**
 * The buckets the local S3 serves: the assembly's, declared at start, and those CreateBucket
 * made, kept in the state directory with any configuration put at run time.
 *
 * Assembly buckets stay as the assembly declares them, with one exception: configuration
 * put at run time (PutBucketCors, PutBucketPolicy, PutBucketTagging…) is kept and applied
 * over the declared one at the next start, as a change made outside CloudFormation stays on
 * AWS. DeleteBucket may delete an (empty) assembly bucket, as S3 allows; the next start
 * declares it again, empty, with its declared configuration — as the next deployment would.
 */
import type { Bucket, BucketConfiguration } from './bucket';
import type { ObjectStore } from './store/objectStore';
import type { BucketInfo, ConfigurationChange } from './store/records';
import { bucketDefaultEncryption } from './encryption';

/** A bucket as the assembly declares it (its creation time comes from the state directory). */
export type DeclaredBucket = Omit<Bucket, 'created'>;

function applyChange(bucket: Bucket, change: ConfigurationChange | undefined): Bucket {
  if (!change) return bucket;
  const next: Bucket = { ...bucket };
  for (const [name, value] of Object.entries(change) as [keyof BucketConfiguration, unknown][]) {
    if (name === 'policies') next.policies = (value as Bucket['policies'] | null) ?? [];
    else (next as unknown as Record<string, unknown>)[name] = value ?? undefined;
  }
  return next;
}

/**
 * @example
 * const buckets = new BucketRegistry(store);
 * await buckets.declare({ name, arn, region, policies: [], cdkPath });
 * await buckets.restoreCreated();
 */
export class BucketRegistry {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly store: ObjectStore) {}

  get size(): number {
    return this.buckets.size;
  }

  get(name: string): Bucket | undefined {
    return this.buckets.get(name);
  }

  has(name: string): boolean {
    return this.buckets.has(name);
  }

  values(): IterableIterator<Bucket> {
    return this.buckets.values();
  }

  keys(): IterableIterator<string> {
    return this.buckets.keys();
  }

  /** An assembly bucket: served with its declared configuration and what was put on it at run time. */
  async declare(declared: DeclaredBucket): Promise<void> {
    const created = await this.store.addBucket(declared.name);
    this.buckets.set(declared.name, applyChange({ ...declared, created }, this.store.bucketInfo(declared.name)?.configuration));
  }

  /** Serves again the buckets CreateBucket made in earlier runs (after the assembly's are declared). */
  restoreCreated(): void {
    for (const [name, info] of this.store.bucketInfos()) {
      if (info.createdIn === undefined || this.buckets.has(name)) continue;
      this.buckets.set(name, applyChange(BucketRegistry.fresh(name, info.createdIn, info.created), info.configuration));
    }
  }

  /** CreateBucket: committed to the state directory before it is served. */
  async create(name: string, region: string): Promise<Bucket> {
    const bucket = BucketRegistry.fresh(name, region, Date.now());
    await this.store.putBucketInfo(name, { created: bucket.created, createdIn: region });
    this.buckets.set(name, bucket);
    return bucket;
  }

  /** DeleteBucket (the caller checked that it is empty). */
  async delete(name: string): Promise<void> {
    await this.store.removeBucket(name);
    this.buckets.delete(name);
  }

  /** Puts (or, with null, deletes) configuration of a bucket; kept before it applies. */
  async configure(name: string, change: ConfigurationChange): Promise<Bucket> {
    const bucket = this.buckets.get(name);
    const info: BucketInfo | undefined = this.store.bucketInfo(name);
    if (!bucket || !info) throw new Error(`configure: ${name} is not a bucket of this local S3`);
    await this.store.putBucketInfo(name, { ...info, configuration: { ...info.configuration, ...change } });
    const next = applyChange(bucket, change);
    this.buckets.set(name, next);
    return next;
  }

  private static fresh(name: string, region: string, created: number): Bucket {
    // A bucket made at run time has S3's own default encryption (SSE-S3) until told otherwise.
    return { name, arn: `arn:aws:s3:::${name}`, region, created, policies: [], encryption: bucketDefaultEncryption(undefined, region) };
  }
}
