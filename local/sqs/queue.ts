import { createHash, randomBytes } from 'node:crypto';
import { SqsErrors } from './errors';
import { newMessageId, type StoredMessage } from './messages';
import { redrivePolicyOf, type QueueAttributes } from './queue-attributes';

/** A queue as the state store keeps it (its messages are records of their own). */
export interface QueueRecord {
  name: string;
  arn: string;
  fifo: boolean;
  attributes: QueueAttributes;
  tags: Record<string, string>;
  /** Epoch ms. */
  createdAt: number;
  lastModifiedAt: number;
  /** The assembly's logical id, for queues the assembly declares (set again at each start). */
  logicalId?: string;
}

/** What a queue writes through: each call resolves once the change is durable. */
export interface MessageStorage {
  put(message: StoredMessage): Promise<void>;
  remove(message: StoredMessage): Promise<void>;
  putDeduplication(queue: string, key: string, entry: DeduplicationEntry): Promise<void>;
  removeDeduplication(queue: string, key: string): Promise<void>;
}

/** A FIFO deduplication id remembered for five minutes, with what its first send answered. */
export interface DeduplicationEntry {
  messageId: string;
  sequenceNumber: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** SQS's deduplication interval. */
const DEDUPLICATION_MS = 5 * 60_000;

export interface NewMessage {
  body: string;
  md5OfBody: string;
  attributes?: StoredMessage['attributes'];
  md5OfAttributes?: string;
  traceHeader?: string;
  md5OfSystemAttributes?: string;
  delaySeconds?: number;
  groupId?: string;
  deduplicationId?: string;
  senderId: string;
  /** Set when redrive or a move task brings a message in from another queue: it keeps its identity. */
  moved?: StoredMessage;
}

export interface Received {
  message: StoredMessage;
  receiptHandle: string;
}

/** The parts of a receipt handle: the queue, the message and the receive it came from. */
interface Receipt {
  queue: string;
  messageId: string;
  token: string;
}

/** Receipt handles are opaque to callers: the queue name, message id and receive token, base64. */
function encodeReceipt(receipt: Receipt): string {
  return Buffer.from(`${receipt.queue}\n${receipt.messageId}\n${receipt.token}`, 'utf8').toString('base64');
}

export function decodeReceipt(handle: string): Receipt | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(handle)) return undefined;
  const parts = Buffer.from(handle, 'base64').toString('utf8').split('\n');
  if (parts.length !== 3 || !/^[\w.-]{1,80}$/.test(parts[0]) || !/^[0-9a-f-]{36}$/.test(parts[1]) || !/^[0-9a-f]{16}$/.test(parts[2])) return undefined;
  return { queue: parts[0], messageId: parts[1], token: parts[2] };
}

/**
 * One queue's messages and their life: delay, receive with a visibility timeout, receive
 * counts, retention, FIFO groups (a group with a message in flight gives nothing more until it
 * is deleted or visible again) and deduplication, and the redrive of messages received too often.
 * Changes are written through `storage` before they are answered; what is in memory is what
 * is on disk, plus the writes in flight.
 */
export class Queue {
  private readonly messages = new Map<string, StoredMessage>();
  private readonly deduplication = new Map<string, DeduplicationEntry>();
  private readonly listeners = new Set<() => void>();
  private lastSequence = 0n;
  /** Epoch ms of the last PurgeQueue: SQS allows one a minute. */
  lastPurgeAt = 0;

  constructor(public record: QueueRecord, private readonly storage: MessageStorage) {}

  get name(): string {
    return this.record.name;
  }

  get arn(): string {
    return this.record.arn;
  }

  get fifo(): boolean {
    return this.record.fifo;
  }

  private seconds(attribute: string): number {
    return Number(this.record.attributes[attribute] ?? 0);
  }

  /** Takes in a message loaded from the state store. */
  adopt(message: StoredMessage): void {
    this.messages.set(message.id, message);
    if (message.sequenceNumber) this.lastSequence = BigInt(message.sequenceNumber) > this.lastSequence ? BigInt(message.sequenceNumber) : this.lastSequence;
  }

  adoptDeduplication(key: string, entry: DeduplicationEntry): void {
    this.deduplication.set(key, entry);
  }

  /** Runs `listener` whenever a message may have become receivable (a send, a visibility change). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** FIFO sequence numbers: 20 digits, increasing, from the clock so they keep increasing across restarts. */
  private nextSequence(now: number): string {
    const fromClock = BigInt(now) * 1_000_000n;
    this.lastSequence = fromClock > this.lastSequence ? fromClock : this.lastSequence + 1n;
    return this.lastSequence.toString().padStart(20, '0');
  }

  /** The deduplication id of a FIFO send: given, or the body's SHA-256 with content-based deduplication. */
  private deduplicationKey(message: NewMessage): string | undefined {
    if (!this.fifo) return undefined;
    const id = message.deduplicationId ?? (this.record.attributes.ContentBasedDeduplication === 'true' ? createHash('sha256').update(message.body).digest('hex') : undefined);
    if (id === undefined) throw SqsErrors.invalidParameterValue('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    return this.record.attributes.DeduplicationScope === 'messageGroup' ? `${message.groupId}\n${id}` : id;
  }

  /**
   * Adds a message; resolves once it is durable. A FIFO send whose deduplication id was seen in
   * the last five minutes is accepted and dropped, answering the first send's id and sequence.
   */
  async send(message: NewMessage, now: number): Promise<StoredMessage | DeduplicationEntry> {
    const key = this.deduplicationKey(message);
    if (key !== undefined) {
      const seen = this.deduplication.get(key);
      if (seen && seen.expiresAt > now) return seen;
    }
    const moved = message.moved;
    const stored: StoredMessage = {
      ...(moved ?? {}),
      queue: this.name,
      id: moved?.id ?? newMessageId(),
      body: message.body,
      md5OfBody: message.md5OfBody,
      ...(message.attributes && { attributes: message.attributes, md5OfAttributes: message.md5OfAttributes }),
      ...(message.traceHeader !== undefined && { traceHeader: message.traceHeader, md5OfSystemAttributes: message.md5OfSystemAttributes }),
      sentAt: moved?.sentAt ?? now,
      senderId: message.senderId,
      availableAt: now + 1000 * (message.delaySeconds ?? this.seconds('DelaySeconds')),
      receiveCount: moved?.receiveCount ?? 0,
      receipt: undefined,
      ...(message.groupId !== undefined && { groupId: message.groupId }),
      ...(this.fifo && { sequenceNumber: this.nextSequence(now) }),
      ...(key !== undefined && { deduplicationId: message.deduplicationId ?? key.split('\n').pop() }),
    };
    if (key !== undefined) {
      const entry = { messageId: stored.id, sequenceNumber: stored.sequenceNumber!, expiresAt: now + DEDUPLICATION_MS };
      // Remembered before the write: a second send racing this one is a duplicate of it.
      this.deduplication.set(key, entry);
      await this.storage.putDeduplication(this.name, key, entry);
    }
    await this.storage.put(stored);
    this.messages.set(stored.id, stored);
    this.changed();
    return stored;
  }

  /** Messages past the retention period are gone, as SQS deletes them. */
  private expired(message: StoredMessage, now: number): boolean {
    return now - message.sentAt >= this.seconds('MessageRetentionPeriod') * 1000;
  }

  /**
   * Takes up to `max` receivable messages in flight for `visibilityTimeout` seconds. Messages
   * already received `maxReceiveCount` times under a redrive policy are handed to `redrive`
   * instead of the caller (the DLQ's move), and retention-expired ones are deleted.
   */
  async receive(max: number, visibilityTimeout: number | undefined, now: number, redrive: (message: StoredMessage) => Promise<boolean>): Promise<Received[]> {
    const policy = redrivePolicyOf(this.record.attributes);
    const lockedGroups = new Set<string>();
    if (this.fifo) for (const message of this.messages.values()) if (message.receipt && message.availableAt > now) lockedGroups.add(message.groupId!);
    const chosen: StoredMessage[] = [];
    const dropped: StoredMessage[] = [];
    const redriven: StoredMessage[] = [];
    for (const message of this.messages.values()) {
      if (chosen.length >= max) break;
      if (this.expired(message, now)) {
        dropped.push(message);
        continue;
      }
      if (this.fifo && lockedGroups.has(message.groupId!)) continue;
      if (message.availableAt > now) {
        // A FIFO group is delivered in order: nothing after a message that is not available.
        if (this.fifo) lockedGroups.add(message.groupId!);
        continue;
      }
      if (policy && message.receiveCount >= policy.maxReceiveCount) {
        redriven.push(message);
        continue;
      }
      chosen.push(message);
    }
    // Taken synchronously, so a concurrent receive cannot take them too.
    const timeout = visibilityTimeout ?? this.seconds('VisibilityTimeout');
    const received = chosen.map((message) => {
      const token = randomBytes(8).toString('hex');
      const next: StoredMessage = { ...message, receiveCount: message.receiveCount + 1, firstReceiveAt: message.firstReceiveAt ?? now, receipt: token, availableAt: now + timeout * 1000 };
      this.messages.set(message.id, next);
      return { message: next, receiptHandle: encodeReceipt({ queue: this.name, messageId: message.id, token }) };
    });
    for (const message of [...dropped, ...redriven]) this.messages.delete(message.id);
    await Promise.all([...received.map(({ message }) => this.storage.put(message)), ...dropped.map((message) => this.storage.remove(message))]);
    for (const message of redriven) {
      // Without its dead-letter queue (deleted since), the message stays where it was.
      if (!(await redrive(message))) this.messages.set(message.id, message);
      else await this.storage.remove(message);
    }
    return received;
  }

  /** The message a receipt handle names, or ReceiptHandleIsInvalid when it names none of this queue's. */
  private receipt(handle: string): { receipt: Receipt; message?: StoredMessage } {
    const receipt = decodeReceipt(handle);
    if (!receipt || receipt.queue !== this.name) throw SqsErrors.receiptHandleIsInvalid(handle);
    return { receipt, message: this.messages.get(receipt.messageId) };
  }

  /** Deletes the message a receipt handle names; a message already gone is no error, as on SQS. */
  async delete(handle: string): Promise<void> {
    const { message } = this.receipt(handle);
    if (!message) return;
    this.messages.delete(message.id);
    await this.storage.remove(message);
    // A FIFO group may be free again.
    if (this.fifo) this.changed();
  }

  /** Changes the visibility timeout of a message in flight (from now). */
  async changeVisibility(handle: string, seconds: number, now: number): Promise<void> {
    const { receipt, message } = this.receipt(handle);
    if (!message || message.receipt !== receipt.token || message.availableAt <= now) throw SqsErrors.messageNotInflight();
    const next = { ...message, availableAt: now + seconds * 1000 };
    this.messages.set(message.id, next);
    await this.storage.put(next);
    if (seconds === 0) this.changed();
  }

  /** Removes every message (and lets the caller wait until the removals are durable). */
  async purge(): Promise<void> {
    const all = [...this.messages.values()];
    this.messages.clear();
    await Promise.all(all.map((message) => this.storage.remove(message)));
  }

  /** Every message, oldest first (a move task reads them). */
  all(): StoredMessage[] {
    return [...this.messages.values()];
  }

  /** Takes a message out without a receipt (a move task moved it elsewhere). */
  async take(message: StoredMessage): Promise<void> {
    this.messages.delete(message.id);
    await this.storage.remove(message);
  }

  /** Approximate counts as GetQueueAttributes gives them: visible, in flight, delayed. */
  counts(now: number): { visible: number; notVisible: number; delayed: number } {
    let visible = 0;
    let notVisible = 0;
    let delayed = 0;
    for (const message of this.messages.values()) {
      if (this.expired(message, now)) continue;
      if (message.availableAt <= now) visible++;
      else if (message.receipt) notVisible++;
      else delayed++;
    }
    return { visible, notVisible, delayed };
  }

  /** When the next message not yet receivable becomes so (a long poll's wake-up), if any. */
  nextAvailableAt(now: number): number | undefined {
    let next: number | undefined;
    for (const message of this.messages.values()) if (message.availableAt > now && (next === undefined || message.availableAt < next)) next = message.availableAt;
    return next;
  }

  /** Deletes messages past the retention period (receives skip them already). */
  async expire(now: number): Promise<void> {
    const expired = [...this.messages.values()].filter((message) => this.expired(message, now));
    for (const message of expired) this.messages.delete(message.id);
    await Promise.all(expired.map((message) => this.storage.remove(message)));
  }

  /** Forgets deduplication ids older than five minutes. */
  async sweepDeduplication(now: number): Promise<void> {
    for (const [key, entry] of this.deduplication) {
      if (entry.expiresAt > now) continue;
      this.deduplication.delete(key);
      await this.storage.removeDeduplication(this.name, key);
    }
  }

  /** Deletes every message and deduplication record (the queue is being deleted). */
  async clear(): Promise<void> {
    await this.purge();
    for (const key of [...this.deduplication.keys()]) {
      this.deduplication.delete(key);
      await this.storage.removeDeduplication(this.name, key);
    }
  }
}
