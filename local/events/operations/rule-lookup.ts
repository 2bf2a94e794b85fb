/**
 * How rule operations find what they name: the bus (by name or ARN, `default` when absent) and
 * the rule on it, each a ResourceNotFoundException worded as EventBridge words it when missing.
 */
import type { Rule } from '@aws-sdk/client-eventbridge';
import type { EventsCall } from '../context';
import { EventsErrors } from '../errors';
import { busNameOf } from '../names';
import type { BusRecord, RuleRecord } from '../types';

export function busOf(call: EventsCall, nameOrArn: string | undefined): BusRecord {
  const name = busNameOf(nameOrArn);
  const bus = call.store.bus(name);
  if (!bus) throw EventsErrors.busNotFound(name);
  return bus;
}

export function ruleOf(call: EventsCall, name: string, busNameOrArn: string | undefined): RuleRecord {
  const bus = busOf(call, busNameOrArn);
  const rule = call.store.rule(bus.name, name);
  if (!rule) throw EventsErrors.ruleNotFound(name, bus.name);
  return rule;
}

/** A rule as ListRules and DescribeRule show it. */
export function ruleOutput(rule: RuleRecord): Rule {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventBusName: rule.busName,
    State: rule.state,
    ...(rule.eventPattern !== undefined && { EventPattern: rule.eventPattern }),
    ...(rule.scheduleExpression !== undefined && { ScheduleExpression: rule.scheduleExpression }),
    ...(rule.description !== undefined && { Description: rule.description }),
    ...(rule.roleArn !== undefined && { RoleArn: rule.roleArn }),
  };
}

/** One page of `items` after `token` (an offset EventBridge would keep opaque). */
export function page<T>(items: readonly T[], token: string | undefined, limit: number | undefined): { items: T[]; next?: string } {
  const start = token === undefined ? 0 : Number.parseInt(token, 10);
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw EventsErrors.validation('The NextToken provided is invalid.');
  const end = Math.min(items.length, start + (limit ?? 100));
  return { items: items.slice(start, end), ...(end < items.length && { next: String(end) }) };
}
