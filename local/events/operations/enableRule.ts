import type { DisableRuleRequest, EnableRuleRequest } from '@aws-sdk/client-eventbridge';
import { defineOperation } from '../../kit';
import type { EventsCall } from '../context';
import type { RuleRecord } from '../types';
import { BUS_NAME_OR_ARN, RULE_NAME } from './members';
import { ruleOf } from './rule-lookup';

const setState = async (call: EventsCall, input: EnableRuleRequest, state: RuleRecord['state']) => {
  const rule = ruleOf(call, String(input.Name), input.EventBusName);
  call.authorize(rule.arn);
  const next = { ...rule, state };
  await call.store.putRule(next);
  await call.ruleChanged(rule.arn, next);
  return {};
};

const INPUT = { type: 'structure', members: { Name: { ...RULE_NAME, required: true }, EventBusName: BUS_NAME_OR_ARN } } as const;

/** `AWSEvents.EnableRule`. */
export const enableRule = defineOperation<EnableRuleRequest, Record<string, never>, EventsCall>({
  name: 'EnableRule',
  input: INPUT,
  handle: (input, call) => setState(call, input, 'ENABLED'),
});

/** `AWSEvents.DisableRule`: the rule stops matching and firing; its targets are kept. */
export const disableRule = defineOperation<DisableRuleRequest, Record<string, never>, EventsCall>({
  name: 'DisableRule',
  input: INPUT,
  handle: (input, call) => setState(call, input, 'DISABLED'),
});
