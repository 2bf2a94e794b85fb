import type { PutRuleRequest, PutRuleResponse } from '@aws-sdk/client-eventbridge';
import { defineOperation } from '../../kit';
import { compilePattern, PatternSyntaxError } from '../../patterns';
import { parseScheduleExpression, ScheduleExpressionError } from '../../scheduler';
import type { EventsCall } from '../context';
import { EventsErrors } from '../errors';
import { DEFAULT_BUS, ruleArn } from '../names';
import { BUS_NAME_OR_ARN, DESCRIPTION, EVENT_PATTERN, ROLE_ARN, RULE_NAME } from './members';
import { busOf } from './rule-lookup';

/** Checks an event pattern as EventBridge does, answering InvalidEventPatternException with its reason. */
export function checkPattern(pattern: string): void {
  try {
    compilePattern(pattern);
  } catch (error) {
    if (error instanceof PatternSyntaxError) throw EventsErrors.invalidPattern(error.message);
    throw error;
  }
}

/**
 * `AWSEvents.PutRule`: creates or updates a rule (its targets are kept), with an event pattern
 * or, on the default bus, a schedule the scheduler keeps in time.
 */
export const putRule = defineOperation<PutRuleRequest, PutRuleResponse, EventsCall>({
  name: 'PutRule',
  input: {
    type: 'structure',
    members: {
      Name: { ...RULE_NAME, required: true },
      ScheduleExpression: { type: 'string', max: 256 },
      EventPattern: EVENT_PATTERN,
      State: { type: 'string', enum: ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'] },
      Description: DESCRIPTION,
      RoleArn: ROLE_ARN,
      Tags: { type: 'list', member: { type: 'structure', members: { Key: { type: 'string', min: 1, max: 128, required: true }, Value: { type: 'string', max: 256, required: true } } } },
      EventBusName: BUS_NAME_OR_ARN,
    },
  },
  async handle(input, call) {
    const bus = busOf(call, input.EventBusName);
    const arn = ruleArn(bus.name, input.Name);
    call.authorize(arn);
    if (input.EventPattern === undefined && input.ScheduleExpression === undefined) throw EventsErrors.validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    if (input.EventPattern !== undefined) checkPattern(input.EventPattern);
    if (input.ScheduleExpression !== undefined) {
      if (bus.name !== DEFAULT_BUS) throw EventsErrors.validation('ScheduleExpression is supported only on the default event bus.');
      try {
        parseScheduleExpression(input.ScheduleExpression, 'events');
      } catch (error) {
        if (error instanceof ScheduleExpressionError) throw EventsErrors.validation('Parameter ScheduleExpression is not valid.');
        throw error;
      }
    }
    const existing = call.store.rule(bus.name, input.Name);
    const rule = {
      name: input.Name,
      busName: bus.name,
      arn,
      eventPattern: input.EventPattern,
      scheduleExpression: input.ScheduleExpression,
      state: input.State ?? 'ENABLED',
      description: input.Description,
      roleArn: input.RoleArn,
      targets: existing?.targets ?? [],
      origin: 'api' as const,
    };
    await call.store.putRule(rule);
    await call.ruleChanged(arn, rule);
    return { RuleArn: arn };
  },
});
