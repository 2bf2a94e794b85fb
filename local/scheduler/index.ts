export { createSchedulerService, SchedulerLocalService, type SchedulerServiceOptions, type ScheduledRule, type ScheduledRuleSource } from './service';
export { systemClock, type Clock } from './clock';
export { parseCron, nextCronTime, type CronSchedule } from './cron';
export { parseScheduleExpression, type ScheduleExpression } from './expressions';
export { ScheduleExpressionError } from './errors';
