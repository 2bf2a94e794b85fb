/**
 * Task tokens (`$$.Task.Token`): minted when a state reads one, registered durably when its
 * `.waitForTaskToken` task has sent its request, answered by SendTaskSuccess/Failure, kept
 * alive by SendTaskHeartbeat. An answer that comes while no task waits (the local cloud was
 * restarting) is kept with the token until the resumed task waits again.
 */
import { randomUUID } from 'node:crypto';
import type { Collection } from '../state';
import { StatesErrors, StatesFailure } from './errors';
import type { TaskTokenRecord } from './types';

type Outcome = NonNullable<TaskTokenRecord['outcome']>;

interface Waiter {
  settle(outcome: Outcome): void;
  heartbeat(): void;
}

/** A token is opaque to callers; it says which execution it belongs to, so a forged one is told apart from a gone one. */
function encode(executionArn: string): string {
  return Buffer.from(JSON.stringify({ e: executionArn, t: randomUUID() })).toString('base64url');
}

function decode(token: string): { e: string; t: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { e?: unknown; t?: unknown };
    return typeof value.e === 'string' && typeof value.t === 'string' ? { e: value.e, t: value.t } : undefined;
  } catch {
    return undefined;
  }
}

export class TaskTokens {
  /** Tokens read by states and not yet registered, by execution. */
  private readonly minted = new Map<string, Set<string>>();
  private readonly waiters = new Map<string, Waiter>();

  constructor(private readonly records: Collection<TaskTokenRecord>) {}

  mint(executionArn: string): string {
    const token = encode(executionArn);
    let set = this.minted.get(executionArn);
    if (!set) this.minted.set(executionArn, (set = new Set()));
    set.add(token);
    return token;
  }

  /** The token of this execution that a task's parameters carry (anywhere in them). */
  find(executionArn: string, parameters: unknown): string | undefined {
    const minted = this.minted.get(executionArn);
    if (!minted) return undefined;
    const search = (value: unknown): string | undefined => {
      if (typeof value === 'string') return minted.has(value) ? value : undefined;
      if (value && typeof value === 'object') for (const item of Object.values(value)) {
        const found = search(item);
        if (found) return found;
      }
      return undefined;
    };
    return search(parameters);
  }

  /** Durable before it resolves: the token is answerable from then on, across restarts. */
  async register(token: string, record: TaskTokenRecord): Promise<void> {
    this.minted.get(record.executionArn)?.delete(token);
    await this.records.put(token, record);
  }

  /**
   * Resolves with the output SendTaskSuccess gives, rejects with the StatesFailure that
   * SendTaskFailure or a missed heartbeat gives.
   */
  wait(token: string, heartbeatSeconds?: number): Promise<string> {
    const stored = this.records.get(token)?.outcome;
    if (stored) {
      void this.records.delete(token);
      return 'output' in stored ? Promise.resolve(stored.output) : Promise.reject(new StatesFailure(stored.error ?? '', stored.cause ?? ''));
    }
    return new Promise<string>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        if (heartbeatSeconds === undefined) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          this.waiters.delete(token);
          void this.records.delete(token);
          reject(new StatesFailure('States.HeartbeatTimeout', `No heartbeat was received within ${heartbeatSeconds} second(s)`));
        }, heartbeatSeconds * 1000);
      };
      arm();
      this.waiters.set(token, {
        settle: (outcome) => {
          clearTimeout(timer);
          this.waiters.delete(token);
          if ('output' in outcome) resolve(outcome.output);
          else reject(new StatesFailure(outcome.error ?? '', outcome.cause ?? ''));
        },
        heartbeat: arm,
      });
    });
  }

  /** SendTaskSuccess / SendTaskFailure. */
  async answer(token: string, outcome: Outcome): Promise<void> {
    this.check(token);
    const waiter = this.waiters.get(token);
    if (waiter) {
      await this.records.delete(token);
      waiter.settle(outcome);
      return;
    }
    await this.records.put(token, { ...this.records.get(token)!, outcome });
  }

  heartbeat(token: string): void {
    this.check(token);
    this.waiters.get(token)?.heartbeat();
  }

  /** An execution ended: its tokens are answered by no one any more. */
  async forget(executionArn: string): Promise<void> {
    this.minted.delete(executionArn);
    for (const [token, record] of [...this.records.entries()]) {
      if (record.executionArn !== executionArn) continue;
      this.waiters.delete(token);
      await this.records.delete(token);
    }
  }

  /** The execution a live token belongs to; InvalidToken or TaskDoesNotExist otherwise. */
  owner(token: string): string {
    this.check(token);
    return decode(token)!.e;
  }

  private check(token: string): void {
    if (!decode(token)) throw StatesErrors.invalidToken('Invalid token');
    if (!this.records.has(token) && !this.waiters.has(token)) throw StatesErrors.taskDoesNotExist();
  }
}
