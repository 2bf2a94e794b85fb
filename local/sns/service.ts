import type { ServerResponse } from 'node:http';
import { DeliveryFailure, type TopicMessage } from '../delivery';
import type { EdgeRequest, EdgeRoute } from '../edge';
import { LOCAL_ACCOUNT } from '../assembly';
import type { ServiceContext } from '../service';
import type { SnsCall } from './context';
import { SnsDeliveries } from './deliveries';
import { deploySns } from './deployment';
import { SnsError } from './errors';
import { FilterPolicies } from './filter-policy';
import { SNS_OPERATIONS } from './operations';
import { sendConfirmation } from './operations/subscribe';
import { Publisher, refusal } from './publishing';
import { snsRoute } from './query-protocol';
import { SnsStore } from './store';
import type { OutboxMessage, SnsService } from './types';

export interface SnsServiceOptions {
  /** The first retry's delay (doubling). Default 1 s; tests shorten it. */
  retryBaseMs?: number;
}

const OUTBOX_PATH = '/_flare/sns/outbox';

/**
 * The local SNS: the assembly's topics and subscriptions and those made through the API, in
 * the state store; Publish and PublishBatch (and EventBridge targets, in process) deliver to
 * Lambda, SQS (when it runs), loopback HTTP(S), and email, email-json and SMS recipients,
 * whose messages land in the outbox (`GET /_flare/sns/outbox?to=…`), filtered by each
 * subscription's filter policy.
 * @example
 * startLocalCloud({ projectDir, services: [iamService(), createLambdaService(), createSnsService()] });
 */
export class SnsLocalService implements SnsService {
  readonly name = 'sns' as const;
  readonly resourceTypes = ['AWS::SNS::Topic', 'AWS::SNS::Subscription', 'AWS::SNS::TopicPolicy', 'AWS::SNS::TopicInlinePolicy'] as const;
  private store?: SnsStore;
  private publisher?: Publisher;
  private deliveries?: SnsDeliveries;
  private notRun: string[] = [];
  private endpoint = '';

  constructor(private readonly options: SnsServiceOptions = {}) {}

  async start(context: ServiceContext): Promise<void> {
    this.endpoint = context.endpoint;
    const store = await SnsStore.open(context.state);
    const links = {
      unsubscribeUrl: (arn: string) => `${context.endpoint}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(arn)}`,
      confirmUrl: (topicArn: string, token: string) => `${context.endpoint}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${token}`,
    };
    const deliveries = new SnsDeliveries({ store, services: context.services, links, log: context.log, retryBaseMs: this.options.retryBaseMs ?? 1_000 });
    const publisher = new Publisher(store, deliveries, new FilterPolicies());
    this.store = store;
    this.deliveries = deliveries;
    this.publisher = publisher;
    const deployment = await deploySns(context.assembly, store, context.log);
    this.notRun = deployment.notRun;
    for (const subscription of deployment.unconfirmed) await sendConfirmation({ deliveries, links, log: context.log }, subscription);
    const resumed = publisher.resume();
    if (resumed > 0) context.log.info(`${resumed} delivery(ies) left unsettled by the last run are delivered again (at least once)`);
    context.edge.addRoute(snsRoute({ registry: SNS_OPERATIONS, services: context.services, log: context.log, bind: (call): SnsCall => ({ ...call, store, publisher, deliveries, links }) }));
    context.edge.addRoute(this.outboxRoute());
  }

  async stop(): Promise<void> {
    this.deliveries?.lanes.stop();
  }

  /** Resolves when every delivery has settled. */
  idle(): Promise<void> {
    return this.deliveries?.lanes.idle() ?? Promise.resolve();
  }

  summary(): string {
    if (!this.store) return 'not started';
    const topics = this.store.topics.size;
    const subscriptions = [...this.store.subscriptions.values()];
    const pending = subscriptions.filter((s) => !s.confirmed).length;
    const parts = [`${topics} topic${topics === 1 ? '' : 's'}, ${subscriptions.length} subscription${subscriptions.length === 1 ? '' : 's'}${pending ? ` (${pending} pending confirmation)` : ''}; email and SMS at ${this.endpoint}${OUTBOX_PATH}`];
    if (this.notRun.length > 0) parts.push(`NOT run: ${this.notRun.join('; ')}`);
    return parts.join('; ');
  }

  outbox(to?: string): OutboxMessage[] {
    const all = [...(this.store?.outbox.entries() ?? [])].sort(([a], [b]) => a.localeCompare(b)).map(([, message]) => message);
    return to === undefined ? all : all.filter((message) => message.to === to);
  }

  /** In-process publishing (EventBridge targets): checked and delivered as Publish is; failures are DeliveryFailures. */
  async publish(topicArn: string, message: TopicMessage): Promise<{ messageId: string }> {
    const topic = this.store?.topic(topicArn);
    if (!topic) throw new DeliveryFailure('NotFound', `topic ${topicArn} does not exist`, false);
    const request = { message: message.message, subject: message.subject, attributes: message.attributes, groupId: message.groupId, deduplicationId: message.deduplicationId, traceHeader: message.traceHeader };
    const refused = refusal(topic, request);
    if (refused) throw new DeliveryFailure(refused.code, refused.message, false);
    try {
      return await this.publisher!.publish(topic, request);
    } catch (error) {
      if (error instanceof SnsError) throw new DeliveryFailure(error.code, error.message, false);
      throw error;
    }
  }

  private outboxRoute(): EdgeRoute {
    return {
      name: 'sns outbox',
      match: (request: EdgeRequest) => request.path === OUTBOX_PATH,
      handle: (request: EdgeRequest, response: ServerResponse) => {
        const send = (status: number, body: unknown) => {
          const text = JSON.stringify(body);
          response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
        };
        if (request.method !== 'GET') return send(405, { message: `Use GET ${OUTBOX_PATH}[?to=…]` });
        send(200, { account: LOCAL_ACCOUNT.accountId, messages: this.outbox(request.url.searchParams.get('to') ?? undefined) });
      },
    };
  }
}

/**
 * @example
 * startLocalCloud({ projectDir, services: [createSnsService()] });
 */
export function createSnsService(options: SnsServiceOptions = {}): SnsLocalService {
  return new SnsLocalService(options);
}
