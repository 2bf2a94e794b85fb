import type { RestJsonCall, RestJsonOperation } from '../../edge';
import { getSchedule } from './getSchedule';
import { listSchedules } from './listSchedules';

/** An `AWS::Scheduler::Schedule` of the assembly as the Scheduler API describes it. */
export interface ScheduleRecord {
  Name: string;
  Arn: string;
  GroupName: string;
  State: 'ENABLED' | 'DISABLED';
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  StartDate?: number;
  EndDate?: number;
  Description?: string;
  FlexibleTimeWindow: { Mode: string; MaximumWindowInMinutes?: number };
  Target: { Arn: string; RoleArn?: string; Input?: string; RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number } };
  ActionAfterCompletion?: string;
  /** Epoch seconds (REST-JSON timestamps): when the local cloud started. */
  CreationDate: number;
  LastModificationDate: number;
}

/** What the operations need from the scheduler service. */
export interface SchedulerApi {
  schedules(): readonly ScheduleRecord[];
  /** Checks `scheduler:<action>` on `resource` for the caller; throws AccessDeniedException. */
  authorize(call: RestJsonCall, action: string, resource: string): void;
}

export type SchedulerOperation = (api: SchedulerApi) => RestJsonOperation;

/** The EventBridge Scheduler API operations the local cloud answers (read-only: schedules come from the assembly). */
export const SCHEDULER_OPERATIONS: readonly SchedulerOperation[] = [listSchedules, getSchedule];
