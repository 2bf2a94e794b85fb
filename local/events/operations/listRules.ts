import type { ListRulesRequest, ListRulesResponse } from '@aws-sdk/client-eventbridge';
import { defineOperation } from '../../kit';
import type { EventsCall } from '../context';
import { BUS_NAME_OR_ARN, LIMIT, NEXT_TOKEN, RULE_NAME } from './members';
import { busOf, page, ruleOutput } from './rule-lookup';

/** `AWSEvents.ListRules`: a bus's rules by name, optionally by prefix. */
export const listRules = defineOperation<ListRulesRequest, ListRulesResponse, EventsCall>({
  name: 'ListRules',
  input: { type: 'structure', members: { NamePrefix: RULE_NAME, EventBusName: BUS_NAME_OR_ARN, NextToken: NEXT_TOKEN, Limit: LIMIT } },
  handle(input, call) {
    const bus = busOf(call, input.EventBusName);
    call.authorize(bus.arn.replace(':event-bus/', ':rule/').replace(/\/default$/, '/*'));
    const rules = call.store.rulesOf(bus.name).filter((rule) => input.NamePrefix === undefined || rule.name.startsWith(input.NamePrefix));
    const { items, next } = page(rules, input.NextToken, input.Limit);
    return { Rules: items.map(ruleOutput), ...(next && { NextToken: next }) };
  },
});
