import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT } from '../assembly';

/** When a schedule fires, what its target receives. */
export interface Firing {
  /** The schedule's or rule's ARN. */
  arn: string;
  /** The scheduled time (epoch ms, on the minute). */
  scheduledTime: number;
  attempt: number;
  executionId: string;
}

/** `2026-01-31T08:15:00Z`: EventBridge's time format, no milliseconds. */
export function eventTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function newFiring(arn: string, scheduledTime: number): Firing {
  return { arn, scheduledTime, attempt: 1, executionId: randomUUID() };
}

/**
 * EventBridge Scheduler's payload for a templated Lambda target: the target's Input with
 * its context attributes filled in, or `{}` when the target has no Input (what Lambda
 * receives from Amplify's `defineFunction({ schedule })`, whose targets carry none).
 */
export function schedulerPayload(input: string | undefined, firing: Firing): unknown {
  if (input === undefined) return {};
  const text = input
    .replaceAll('<aws.scheduler.schedule-arn>', firing.arn)
    .replaceAll('<aws.scheduler.scheduled-time>', eventTime(firing.scheduledTime))
    .replaceAll('<aws.scheduler.execution-id>', firing.executionId)
    .replaceAll('<aws.scheduler.attempt-number>', String(firing.attempt));
  return JSON.parse(text) as unknown;
}

/** The "Scheduled Event" an EventBridge rule sends a target that has no Input. */
export function scheduledEvent(firing: Firing): Record<string, unknown> {
  return {
    version: '0',
    id: firing.executionId,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT.accountId,
    time: eventTime(firing.scheduledTime),
    region: LOCAL_ACCOUNT.region,
    resources: [firing.arn],
    detail: {},
  };
}
