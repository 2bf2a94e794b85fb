/**
 * The assembly's topics and subscriptions, deployed into the store at every start as a
 * deployment would. A subscription keeps its confirmation across starts; a new email or HTTP
 * subscription is sent its confirmation, as on AWS. What cannot run is named and left out.
 */
import { randomBytes } from 'node:crypto';
import type { AssemblyResource, CloudAssembly } from '../assembly';
import type { Logger } from '../reporter';
import { SnsError } from './errors';
import { checkAttribute } from './operations/subscribe';
import type { SnsStore } from './store';
import { PROTOCOLS, type Protocol, type SubscriptionRecord } from './types';

const isTrue = (value: unknown) => value === true || value === 'true';
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export interface SnsDeployment {
  notRun: string[];
  /** Subscriptions deployed for the first time that wait for confirmation: their confirmation is sent. */
  unconfirmed: SubscriptionRecord[];
}

export async function deploySns(assembly: CloudAssembly, store: SnsStore, log: Logger): Promise<SnsDeployment> {
  const notRun: string[] = [];
  const unconfirmed: SubscriptionRecord[] = [];
  const topicArns = new Set<string>();
  const subscriptionArns = new Set<string>();

  const addSubscription = async (resource: AssemblyResource, arn: string, topicArn: string, protocolText: string, endpoint: string, attributes: Record<string, string>) => {
    const protocol = protocolText.toLowerCase() as Protocol;
    if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
      notRun.push(`${resource.logicalId} (${protocolText} subscriptions are not run locally)`);
      return;
    }
    if (!topicArns.has(topicArn)) {
      notRun.push(`${resource.logicalId} (its topic ${topicArn} is not in the assembly)`);
      return;
    }
    try {
      for (const [name, value] of Object.entries(attributes)) checkAttribute(name, value, protocol);
    } catch (error) {
      if (!(error instanceof SnsError)) throw error;
      notRun.push(`${resource.logicalId} (${error.message})`);
      log.error(`${resource.type} ${resource.logicalId}: ${error.message}; it does not run (AWS would refuse to deploy it)`);
      return;
    }
    const existing = store.subscriptions.get(arn);
    const needsConfirmation = ['email', 'email-json', 'http', 'https'].includes(protocol);
    const record: SubscriptionRecord = {
      arn,
      topicArn,
      protocol,
      endpoint,
      confirmed: existing?.confirmed ?? !needsConfirmation,
      token: existing?.token ?? (needsConfirmation ? randomBytes(64).toString('hex') : undefined),
      attributes,
      origin: 'assembly',
    };
    subscriptionArns.add(arn);
    await store.subscriptions.put(arn, record);
    if (!existing && !record.confirmed) unconfirmed.push(record);
  };

  for (const resource of assembly.ofType('AWS::SNS::Topic')) {
    const p = resource.properties();
    const arn = resource.ref();
    const name = arn.split(':').pop()!;
    const fifo = isTrue(p.FifoTopic);
    const attributes: Record<string, string> = {};
    if (typeof p.DisplayName === 'string') attributes.DisplayName = p.DisplayName;
    if (fifo) attributes.ContentBasedDeduplication = String(isTrue(p.ContentBasedDeduplication));
    if (p.KmsMasterKeyId !== undefined) log.debug(`topic ${name}: KmsMasterKeyId is not used locally (messages are kept in the state store unencrypted)`);
    topicArns.add(arn);
    await store.topics.put(arn, { name, arn, fifo, attributes, createdAt: store.topic(arn)?.createdAt ?? Date.now(), origin: 'assembly' });
    // Inline subscriptions (`Subscription: [{ Endpoint, Protocol }]`) are keyed by their position.
    for (const [index, inline] of ((p.Subscription ?? []) as { Endpoint: unknown; Protocol: unknown }[]).entries()) {
      await addSubscription(resource, `${arn}:${resource.logicalId.toLowerCase()}-${index}`, arn, String(inline.Protocol), String(inline.Endpoint), {});
    }
  }

  for (const resource of assembly.ofType('AWS::SNS::Subscription')) {
    const p = resource.properties();
    const attributes: Record<string, string> = {};
    if (p.FilterPolicy !== undefined) attributes.FilterPolicy = asText(p.FilterPolicy);
    if (p.FilterPolicyScope !== undefined) attributes.FilterPolicyScope = String(p.FilterPolicyScope);
    if (p.RawMessageDelivery !== undefined) attributes.RawMessageDelivery = String(isTrue(p.RawMessageDelivery));
    if (p.RedrivePolicy !== undefined) attributes.RedrivePolicy = asText(p.RedrivePolicy);
    await addSubscription(resource, resource.ref(), String(p.TopicArn), String(p.Protocol), String(p.Endpoint), attributes);
  }

  for (const [arn, topic] of [...store.topics.entries()]) if (topic.origin === 'assembly' && !topicArns.has(arn)) await store.topics.delete(arn);
  for (const [arn, subscription] of [...store.subscriptions.entries()]) {
    const gone = subscription.origin === 'assembly' ? !subscriptionArns.has(arn) : !store.topic(subscription.topicArn);
    if (gone) await store.subscriptions.delete(arn);
  }
  for (const resource of [...assembly.ofType('AWS::SNS::TopicPolicy'), ...assembly.ofType('AWS::SNS::TopicInlinePolicy')]) {
    notRun.push(`${resource.logicalId} (topic policies are not evaluated locally: publishers are authorized by their identity policies only)`);
  }
  return { notRun, unconfirmed };
}
