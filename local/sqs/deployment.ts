import type { CloudAssembly } from '../assembly';
import type { PolicyDocument } from '../iam/policy/resource-policy';
import type { Logger } from '../reporter';
import { SqsError } from './errors';
import { checkAttributes, defaultAttributes, mergeAttributes, type QueueAttributes } from './queue-attributes';
import type { QueueStore } from './queue-store';

/** CloudFormation's queue properties that are SQS attributes, under the same names. */
const ATTRIBUTE_PROPERTIES = [
  'ContentBasedDeduplication', 'DeduplicationScope', 'DelaySeconds', 'FifoQueue', 'FifoThroughputLimit', 'KmsDataKeyReusePeriodSeconds',
  'KmsMasterKeyId', 'MaximumMessageSize', 'MessageRetentionPeriod', 'ReceiveMessageWaitTimeSeconds', 'RedriveAllowPolicy', 'RedrivePolicy',
  'SqsManagedSseEnabled', 'VisibilityTimeout',
] as const;

/** What the deployment did, for the start-up table. */
export interface QueueDeployment {
  declared: number;
  fifo: number;
  /** Queues the assembly declares that could not be set up, with why. */
  notRun: string[];
}

/**
 * Sets up the assembly's queues at start, as a CloudFormation deployment would: each
 * `AWS::SQS::Queue` is created, or updated to the template's attributes (its messages kept);
 * `AWS::SQS::QueuePolicy` documents become their queues' Policy; queues an earlier assembly
 * declared and this one does not are deleted with their messages. Redrive policies are set once
 * every queue exists (a dead-letter queue may come after its source). A queue whose properties
 * SQS would refuse is not created, and is named; the rest run.
 */
export async function deployAssemblyQueues(assembly: CloudAssembly, store: QueueStore, now: number, log: Logger): Promise<QueueDeployment> {
  const result: QueueDeployment = { declared: 0, fifo: 0, notRun: [] };
  const declared = new Set<string>();
  const redrives: { name: string; logicalId: string; attributes: QueueAttributes }[] = [];
  const policies = new Map<string, PolicyDocument[]>();
  for (const resource of assembly.ofType('AWS::SQS::QueuePolicy')) {
    const properties = resource.properties() as { PolicyDocument?: PolicyDocument; Queues?: string[] };
    for (const url of properties.Queues ?? []) {
      const name = String(url).split('/').pop()!;
      policies.set(name, [...(policies.get(name) ?? []), properties.PolicyDocument!]);
    }
  }
  for (const resource of assembly.ofType('AWS::SQS::Queue')) {
    const properties = resource.properties();
    const name = resource.ref().split('/').pop()!;
    const fifo = properties.FifoQueue === true || properties.FifoQueue === 'true';
    const given: Record<string, unknown> = {};
    for (const key of ATTRIBUTE_PROPERTIES) if (properties[key] !== undefined && key !== 'RedrivePolicy') given[key] = properties[key];
    const statements = (policies.get(name) ?? []).flatMap((policy) => (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]));
    if (statements.length > 0) given.Policy = { Version: '2012-10-17', Statement: statements };
    let attributes: QueueAttributes;
    try {
      attributes = { ...defaultAttributes(fifo), ...checkAttributes(given, { fifo, creating: true, queueByArn: () => undefined }) };
    } catch (error) {
      if (!(error instanceof SqsError)) throw error;
      result.notRun.push(`${resource.logicalId} (${error.message})`);
      log.warn(`queue ${resource.logicalId} (${name}) is NOT run: ${error.message}`);
      continue;
    }
    const tags = Object.fromEntries(((properties.Tags ?? []) as { Key: string; Value: string }[]).map((tag) => [tag.Key, tag.Value]));
    declared.add(name);
    result.declared++;
    if (fifo) result.fifo++;
    const existing = store.byName(name);
    if (existing) await store.update(existing, (record) => ({ ...record, attributes, tags, lastModifiedAt: now, logicalId: resource.logicalId }));
    else await store.create({ name, fifo, attributes, tags, createdAt: now, lastModifiedAt: now, logicalId: resource.logicalId }, now);
    if (properties.RedrivePolicy !== undefined) redrives.push({ name, logicalId: resource.logicalId, attributes: { RedrivePolicy: JSON.stringify(properties.RedrivePolicy) } });
  }
  for (const { name, logicalId, attributes } of redrives) {
    const queue = store.byName(name)!;
    try {
      const checked = checkAttributes(attributes, { fifo: queue.fifo, creating: false, queueByArn: (arn) => store.byArn(arn) });
      await store.update(queue, (record) => ({ ...record, attributes: mergeAttributes(record.attributes, checked) }));
    } catch (error) {
      if (!(error instanceof SqsError)) throw error;
      result.notRun.push(`${logicalId}'s RedrivePolicy (${error.message})`);
      log.warn(`queue ${logicalId} (${name}): its RedrivePolicy is NOT run: ${error.message}`);
    }
  }
  for (const queue of store.all()) {
    if (queue.record.logicalId !== undefined && !declared.has(queue.name)) await store.delete(queue, now);
  }
  return result;
}
