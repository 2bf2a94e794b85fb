import { randomUUID } from 'node:crypto';
import type { ListMessageMoveTasksResultEntry } from '@aws-sdk/client-sqs';
import type { Logger } from '../reporter';
import { SqsErrors } from './errors';
import type { Queue } from './queue';
import type { QueueStore } from './queue-store';

interface MoveTask {
  handle: string;
  status: 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';
  sourceArn: string;
  destinationArn?: string;
  maxPerSecond?: number;
  moved: number;
  toMove: number;
  startedAt: number;
  failureReason?: string;
}

/** How many messages a task moves between yields to the event loop when no rate is set. */
const CHUNK = 100;

/**
 * Message move tasks (StartMessageMoveTask / ListMessageMoveTasks / CancelMessageMoveTask): the
 * messages of a dead-letter queue go back to the queues they came from (their
 * DeadLetterQueueSourceArn) or to a destination, each moved durably (sent, then removed),
 * at MaxNumberOfMessagesPerSecond when given. One running task per source queue. Tasks live as
 * long as the process: a restart ends them (the messages already moved stay moved).
 */
export class MessageMoveTasks {
  private readonly tasks: MoveTask[] = [];
  private stopped = false;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly queues: QueueStore, private readonly log: Logger, private readonly now: () => number) {}

  start(source: Queue, destination: Queue | undefined, maxPerSecond: number | undefined): string {
    if (this.tasks.some((task) => task.sourceArn === source.arn && (task.status === 'RUNNING' || task.status === 'CANCELLING'))) {
      throw SqsErrors.invalidParameterValue('There is already a task running. Only one active task is allowed for a source queue arn at a given time.');
    }
    const handle = Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn: source.arn })).toString('base64');
    const task: MoveTask = { handle, status: 'RUNNING', sourceArn: source.arn, destinationArn: destination?.arn, maxPerSecond, moved: 0, toMove: source.all().length, startedAt: this.now() };
    this.tasks.push(task);
    const run = this.run(task, source, destination).finally(() => this.running.delete(run));
    this.running.add(run);
    return handle;
  }

  private async run(task: MoveTask, source: Queue, destination: Queue | undefined): Promise<void> {
    try {
      for (const message of source.all()) {
        if (this.stopped || task.status === 'CANCELLING') break;
        const now = this.now();
        // Messages in flight are left where they are: someone is working on them.
        if (message.availableAt > now) continue;
        const target = destination ?? (message.deadLetterSourceArn ? this.queues.byArn(message.deadLetterSourceArn) : undefined);
        if (!target) {
          task.status = 'FAILED';
          task.failureReason = message.deadLetterSourceArn ? `The source queue ${message.deadLetterSourceArn} of a message no longer exists.` : 'A message has no source queue to go back to; give a DestinationArn.';
          return;
        }
        await this.queues.moveMessage({ ...message, receiveCount: 0, receipt: undefined, deadLetterSourceArn: undefined }, target, now);
        await source.take(message);
        task.moved++;
        if (task.maxPerSecond) await new Promise((resolve) => setTimeout(resolve, 1000 / task.maxPerSecond!));
        else if (task.moved % CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      task.status = task.status === 'CANCELLING' ? 'CANCELLED' : this.stopped ? 'FAILED' : 'COMPLETED';
      if (this.stopped) task.failureReason = 'The local SQS stopped.';
    } catch (error) {
      task.status = 'FAILED';
      task.failureReason = (error as Error).message;
      this.log.error(`message move task from ${task.sourceArn} failed: ${(error as Error).message}`);
    }
  }

  /** Cancels a running task; answers how many messages it had moved. */
  cancel(handle: string): number {
    const task = this.tasks.find((candidate) => candidate.handle === handle);
    if (!task) throw SqsErrors.resourceNotFound('Task does not exist.');
    if (task.status !== 'RUNNING') throw SqsErrors.invalidParameterValue('Only active tasks can be cancelled.');
    task.status = 'CANCELLING';
    return task.moved;
  }

  /** The tasks of a source queue, the latest first. */
  list(sourceArn: string, max: number): ListMessageMoveTasksResultEntry[] {
    return this.tasks
      .filter((task) => task.sourceArn === sourceArn)
      .reverse()
      .slice(0, max)
      .map((task) => ({
        ...(task.status === 'RUNNING' && { TaskHandle: task.handle }),
        Status: task.status,
        SourceArn: task.sourceArn,
        ...(task.destinationArn && { DestinationArn: task.destinationArn }),
        ...(task.maxPerSecond && { MaxNumberOfMessagesPerSecond: task.maxPerSecond }),
        ApproximateNumberOfMessagesMoved: task.moved,
        ApproximateNumberOfMessagesToMove: task.toMove,
        ...(task.failureReason && { FailureReason: task.failureReason }),
        StartedTimestamp: task.startedAt,
      }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.running]);
  }
}
