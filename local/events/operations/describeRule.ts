import type { DescribeRuleRequest, DescribeRuleResponse } from '@aws-sdk/client-eventbridge';
import { defineOperation } from '../../kit';
import type { EventsCall } from '../context';
import { BUS_NAME_OR_ARN, RULE_NAME } from './members';
import { ruleOf, ruleOutput } from './rule-lookup';

/** `AWSEvents.DescribeRule`. */
export const describeRule = defineOperation<DescribeRuleRequest, DescribeRuleResponse, EventsCall>({
  name: 'DescribeRule',
  input: { type: 'structure', members: { Name: { ...RULE_NAME, required: true }, EventBusName: BUS_NAME_OR_ARN } },
  handle(input, call) {
    const rule = ruleOf(call, input.Name, input.EventBusName);
    call.authorize(rule.arn);
    return ruleOutput(rule);
  },
});
