import { LOCAL_ACCOUNT } from '../assembly';
import type { Collection, ServiceState } from '../state';
import { SqsErrors } from './errors';
import type { StoredMessage } from './messages';
import { Queue, type DeduplicationEntry, type MessageStorage, type QueueRecord, type Received } from './queue';
import { redrivePolicyOf } from './queue-attributes';

/** SQS's quiet time after DeleteQueue before the name may be used again. */
const RECREATE_AFTER_MS = 60_000;

/** The ARN of a queue of the local account. */
export const queueArnOf = (name: string): string => `arn:aws:sqs:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:${name}`;

/**
 * The local SQS's queues and messages, kept in the state store: `sqs/queues` (one record per
 * queue), `sqs/messages` (one record per message, `<queue>/<message id>`), `sqs/deduplication`
 * (FIFO deduplication ids for their five minutes). A send, a receive (its receive count and
 * visibility), a visibility change and a delete are each durable before they are answered, so
 * a killed process loses no acknowledged message, and a received, undeleted message comes back
 * once its visibility timeout has passed, across restarts too.
 */
export class QueueStore {
  private readonly queues = new Map<string, Queue>();
  private readonly deletedAt = new Map<string, number>();

  private constructor(
    private readonly records: Collection<QueueRecord>,
    private readonly messages: Collection<StoredMessage>,
    private readonly deduplication: Collection<DeduplicationEntry & { queue: string; key: string }>,
  ) {}

  static async open(state: ServiceState): Promise<QueueStore> {
    const store = new QueueStore(
      await state.collection<QueueRecord>('queues', { version: 1 }),
      await state.collection<StoredMessage>('messages', { version: 1 }),
      await state.collection('deduplication', { version: 1 }),
    );
    for (const record of store.records.values()) store.queues.set(record.name, new Queue(record, store.storage()));
    const orphans: string[] = [];
    // Messages in the order they were sent (the collection loads in file order).
    for (const message of [...store.messages.values()].sort((a, b) => a.sentAt - b.sentAt || (a.sequenceNumber ?? '').localeCompare(b.sequenceNumber ?? ''))) {
      const queue = store.queues.get(message.queue);
      if (queue) queue.adopt(message);
      else orphans.push(`${message.queue}/${message.id}`);
    }
    for (const key of orphans) await store.messages.delete(key);
    for (const entry of store.deduplication.values()) store.queues.get(entry.queue)?.adoptDeduplication(entry.key, entry);
    return store;
  }

  private storage(): MessageStorage {
    return {
      put: (message) => this.messages.put(`${message.queue}/${message.id}`, message),
      remove: async (message) => {
        await this.messages.delete(`${message.queue}/${message.id}`);
      },
      putDeduplication: (queue, key, entry) => this.deduplication.put(`${queue}/${key}`, { ...entry, queue, key }),
      removeDeduplication: async (queue, key) => {
        await this.deduplication.delete(`${queue}/${key}`);
      },
    };
  }

  all(): Queue[] {
    return [...this.queues.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  byName(name: string): Queue | undefined {
    return this.queues.get(name);
  }

  byArn(arn: string): Queue | undefined {
    const name = arn.split(':').pop() ?? '';
    const queue = this.queues.get(name);
    return queue?.arn === arn ? queue : undefined;
  }

  /** A queue URL's queue: `<any origin>/<account>/<name>` (the local endpoint, or an AWS-shaped URL). */
  byUrl(url: string): Queue {
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      path = url;
    }
    const [account, name, ...rest] = path.split('/').filter(Boolean);
    const queue = rest.length === 0 && account === LOCAL_ACCOUNT.accountId ? this.queues.get(name) : undefined;
    if (!queue) throw SqsErrors.queueDoesNotExist();
    return queue;
  }

  /** Creates a queue (the caller has checked its name and attributes); durable when it resolves. */
  async create(record: Omit<QueueRecord, 'arn'>, now: number): Promise<Queue> {
    const deleted = this.deletedAt.get(record.name);
    if (deleted !== undefined && now - deleted < RECREATE_AFTER_MS && record.logicalId === undefined) throw SqsErrors.queueDeletedRecently();
    const full: QueueRecord = { ...record, arn: queueArnOf(record.name) };
    await this.records.put(full.name, full);
    const queue = new Queue(full, this.storage());
    this.queues.set(full.name, queue);
    return queue;
  }

  /** Replaces a queue's record (attributes, tags); durable when it resolves. */
  async update(queue: Queue, change: (record: QueueRecord) => QueueRecord): Promise<void> {
    const next = change(queue.record);
    await this.records.put(next.name, next);
    queue.record = next;
  }

  async delete(queue: Queue, now: number): Promise<void> {
    this.queues.delete(queue.name);
    this.deletedAt.set(queue.name, now);
    await queue.clear();
    await this.records.delete(queue.name);
  }

  /** Receives from a queue, moving messages received too often to its dead-letter queue. */
  receive(queue: Queue, max: number, visibilityTimeout: number | undefined, now: number): Promise<Received[]> {
    return queue.receive(max, visibilityTimeout, now, (message) => this.redrive(queue, message, now));
  }

  /** Moves a message to the source queue's dead-letter queue; false when that queue is gone. */
  private async redrive(source: Queue, message: StoredMessage, now: number): Promise<boolean> {
    const policy = redrivePolicyOf(source.record.attributes);
    const target = policy && this.byArn(policy.deadLetterTargetArn);
    if (!target) return false;
    await this.moveMessage(message, target, now, { deadLetterSourceArn: source.arn });
    return true;
  }

  /** Puts a message into `target`, keeping its id, body, attributes and sent time, available at once. */
  async moveMessage(message: StoredMessage, target: Queue, now: number, extra: Partial<StoredMessage> = {}): Promise<void> {
    await target.send(
      {
        body: message.body,
        md5OfBody: message.md5OfBody,
        attributes: message.attributes,
        md5OfAttributes: message.md5OfAttributes,
        traceHeader: message.traceHeader,
        md5OfSystemAttributes: message.md5OfSystemAttributes,
        delaySeconds: 0,
        groupId: message.groupId,
        // A FIFO message keeps its deduplication id; moving is not a second send of it.
        deduplicationId: target.fifo ? `${message.deduplicationId ?? message.id}` : undefined,
        senderId: message.senderId,
        moved: { ...message, ...extra },
      },
      now,
    );
  }

  /** Queues whose redrive policy names `arn` as their dead-letter queue. */
  sourcesOf(arn: string): Queue[] {
    return this.all().filter((queue) => redrivePolicyOf(queue.record.attributes)?.deadLetterTargetArn === arn);
  }

  /** Resolves once every write in flight is durable. */
  async settled(): Promise<void> {
    await Promise.all([this.records.settled(), this.messages.settled(), this.deduplication.settled()]);
  }
}
