import type { OperationCall } from '../kit';
import type { LongPolls } from './long-poll';
import type { MessageMoveTasks } from './move-tasks';
import type { Queue } from './queue';
import type { QueueStore } from './queue-store';

/** What every SQS operation is handed: the common call, the queues and the service's clock. */
export interface SqsCall extends OperationCall {
  readonly queues: QueueStore;
  readonly polls: LongPolls;
  readonly moves: MessageMoveTasks;
  /** The queue's URL on this local cloud's edge. */
  queueUrl(queue: Queue): string;
  /** Who sends, as `SenderId` records it. */
  readonly senderId: string;
  /** Epoch ms. */
  now(): number;
}
