import type { ListTargetsByRuleRequest, ListTargetsByRuleResponse } from '@aws-sdk/client-eventbridge';
import { defineOperation } from '../../kit';
import type { EventsCall } from '../context';
import { BUS_NAME_OR_ARN, LIMIT, NEXT_TOKEN, RULE_NAME } from './members';
import { page, ruleOf } from './rule-lookup';

/** `AWSEvents.ListTargetsByRule`. */
export const listTargetsByRule = defineOperation<ListTargetsByRuleRequest, ListTargetsByRuleResponse, EventsCall>({
  name: 'ListTargetsByRule',
  input: { type: 'structure', members: { Rule: { ...RULE_NAME, required: true }, EventBusName: BUS_NAME_OR_ARN, NextToken: NEXT_TOKEN, Limit: LIMIT } },
  handle(input, call) {
    const rule = ruleOf(call, input.Rule, input.EventBusName);
    call.authorize(rule.arn);
    const { items, next } = page(rule.targets, input.NextToken, input.Limit);
    return { Targets: items, ...(next && { NextToken: next }) };
  },
});
