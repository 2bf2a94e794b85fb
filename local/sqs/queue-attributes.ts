import { validatePolicy, UnsupportedPolicyError, type PolicyDocument } from '../iam/policy/resource-policy';
import { SqsErrors } from './errors';

/**
 * A queue's settable attributes as SQS reports them (strings), with SQS's defaults, limits and
 * checks. `GetQueueAttributes` answers these plus the computed ones (counts, ARN, timestamps).
 */
export type QueueAttributes = Record<string, string>;

/** Settable numeric attributes: [min, max, default]. */
const RANGES: Record<string, [number, number, number]> = {
  DelaySeconds: [0, 900, 0],
  MaximumMessageSize: [1024, 1_048_576, 262_144],
  MessageRetentionPeriod: [60, 1_209_600, 345_600],
  ReceiveMessageWaitTimeSeconds: [0, 20, 0],
  VisibilityTimeout: [0, 43_200, 30],
  KmsDataKeyReusePeriodSeconds: [60, 86_400, 300],
};

const JSON_ATTRIBUTES = new Set(['Policy', 'RedrivePolicy', 'RedriveAllowPolicy']);
const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
const SETTABLE = new Set([...Object.keys(RANGES), ...JSON_ATTRIBUTES, ...FIFO_ONLY, 'FifoQueue', 'KmsMasterKeyId', 'SqsManagedSseEnabled']);

/** Attributes SQS computes: readable, never set. */
export const COMPUTED_ATTRIBUTES = [
  'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed', 'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp', 'LastModifiedTimestamp', 'QueueArn',
] as const;

/** Every attribute name GetQueueAttributes knows. */
export const KNOWN_ATTRIBUTES = new Set<string>([...SETTABLE, ...COMPUTED_ATTRIBUTES]);

const invalid = (name: string) => SqsErrors.invalidAttributeValue(`Invalid value for the parameter ${name}.`);

/** SQS's defaults for a new queue. */
export function defaultAttributes(fifo: boolean): QueueAttributes {
  const out: QueueAttributes = Object.fromEntries(Object.entries(RANGES).filter(([name]) => name !== 'KmsDataKeyReusePeriodSeconds').map(([name, [, , value]]) => [name, String(value)]));
  out.SqsManagedSseEnabled = 'true';
  if (fifo) Object.assign(out, { FifoQueue: 'true', ContentBasedDeduplication: 'false', DeduplicationScope: 'queue', FifoThroughputLimit: 'perQueue' });
  return out;
}

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

/** The queue's redrive policy, if it has one. */
export function redrivePolicyOf(attributes: QueueAttributes): RedrivePolicy | undefined {
  const text = attributes.RedrivePolicy;
  if (!text) return undefined;
  const parsed = JSON.parse(text) as { deadLetterTargetArn: string; maxReceiveCount: number | string };
  return { deadLetterTargetArn: parsed.deadLetterTargetArn, maxReceiveCount: Number(parsed.maxReceiveCount) };
}

/** The queue policy, if any. */
export function policyOf(attributes: QueueAttributes): PolicyDocument | undefined {
  return attributes.Policy ? (JSON.parse(attributes.Policy) as PolicyDocument) : undefined;
}

/** A value given as JSON text or (from a template) as an object, as the text SQS keeps. */
function asJsonText(name: string, value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  try {
    JSON.parse(value);
  } catch {
    throw invalid(name);
  }
  return value;
}

function checkRedrivePolicy(text: string, fifo: boolean, queueExists: (arn: string) => { fifo: boolean } | undefined): string {
  if (text === '') return '';
  const policy = JSON.parse(text) as Record<string, unknown>;
  const count = Number(policy.maxReceiveCount);
  const target = policy.deadLetterTargetArn;
  if (typeof target !== 'string' || target === '') throw SqsErrors.invalidParameterValue('Value {"maxReceiveCount":…} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: deadLetterTargetArn.'.replace('{"maxReceiveCount":…}', text));
  if (!Number.isInteger(count) || count < 1 || count > 1000) throw SqsErrors.invalidParameterValue(`Value ${text} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: ${String(policy.maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`);
  const dlq = queueExists(target);
  if (!dlq) throw SqsErrors.invalidParameterValue(`Value ${text} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`);
  if (dlq.fifo !== fifo) throw SqsErrors.invalidParameterValue(`Value ${text} for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source.`);
  return JSON.stringify({ deadLetterTargetArn: target, maxReceiveCount: count });
}

function checkRedriveAllowPolicy(text: string): string {
  if (text === '') return '';
  const policy = JSON.parse(text) as { redrivePermission?: string; sourceQueueArns?: unknown };
  const permission = policy.redrivePermission;
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue') throw invalid('RedriveAllowPolicy');
  if (permission === 'byQueue' && (!Array.isArray(policy.sourceQueueArns) || policy.sourceQueueArns.length === 0 || policy.sourceQueueArns.length > 10)) throw invalid('RedriveAllowPolicy');
  return text;
}

export interface AttributeCheckOptions {
  fifo: boolean;
  /** Creating (FifoQueue may be given) or setting (it may not change). */
  creating: boolean;
  /** Looks a queue up by ARN (a redrive policy's target). */
  queueByArn(arn: string): { fifo: boolean } | undefined;
}

/**
 * Checks attributes given to CreateQueue or SetQueueAttributes (or a template's properties) and
 * returns them as SQS keeps them: numbers in range, JSON documents that parse (a queue policy
 * the local evaluator can follow), FIFO-only attributes only on FIFO queues.
 */
export function checkAttributes(given: Readonly<Record<string, unknown>>, options: AttributeCheckOptions): QueueAttributes {
  const out: QueueAttributes = {};
  for (const [name, raw] of Object.entries(given)) {
    if (!SETTABLE.has(name)) throw SqsErrors.invalidAttributeName(name);
    if (raw === undefined || raw === null) continue;
    const text = JSON_ATTRIBUTES.has(name) ? asJsonText(name, raw) : String(raw);
    if (name in RANGES) {
      const [min, max] = RANGES[name];
      if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw invalid(name);
      out[name] = String(Number(text));
    } else if (name === 'FifoQueue') {
      if (text !== 'true' && text !== 'false') throw invalid(name);
      if ((text === 'true') !== options.fifo) {
        throw options.creating ? invalid(name) : SqsErrors.invalidAttributeName(name);
      }
      if (!options.creating) throw SqsErrors.invalidAttributeName(name);
      if (text === 'true') out[name] = 'true';
    } else if (FIFO_ONLY.has(name)) {
      if (!options.fifo) throw SqsErrors.invalidAttributeName(name);
      const allowed = name === 'ContentBasedDeduplication' ? ['true', 'false'] : name === 'DeduplicationScope' ? ['messageGroup', 'queue'] : ['perQueue', 'perMessageGroupId'];
      if (!allowed.includes(text)) throw invalid(name);
      out[name] = text;
    } else if (name === 'SqsManagedSseEnabled') {
      if (text !== 'true' && text !== 'false') throw invalid(name);
      out[name] = text;
    } else if (name === 'RedrivePolicy') {
      out[name] = checkRedrivePolicy(text, options.fifo, options.queueByArn);
    } else if (name === 'RedriveAllowPolicy') {
      out[name] = checkRedriveAllowPolicy(text);
    } else if (name === 'Policy') {
      if (text !== '') {
        try {
          validatePolicy('Queue policy', JSON.parse(text) as PolicyDocument);
        } catch (error) {
          if (error instanceof UnsupportedPolicyError) throw SqsErrors.invalidAttributeValue(`Invalid value for the parameter Policy. Reason: ${error.message}.`);
          throw error;
        }
      }
      out[name] = text;
    } else {
      out[name] = text;
    }
  }
  return out;
}

/** The attributes with `changes` applied (an empty JSON attribute removes it, as SQS does). */
export function mergeAttributes(current: QueueAttributes, changes: QueueAttributes): QueueAttributes {
  const next = { ...current, ...changes };
  for (const name of JSON_ATTRIBUTES) if (next[name] === '') delete next[name];
  return next;
}
