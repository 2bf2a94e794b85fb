import type { RemoveTargetsRequest, RemoveTargetsResponse } from '@aws-sdk/client-eventbridge';
import { defineOperation } from '../../kit';
import type { EventsCall } from '../context';
import { BUS_NAME_OR_ARN, RULE_NAME, TARGET_ID } from './members';
import { ruleOf } from './rule-lookup';

/** `AWSEvents.RemoveTargets`: ids the rule does not have are ignored, as EventBridge does. */
export const removeTargets = defineOperation<RemoveTargetsRequest, RemoveTargetsResponse, EventsCall>({
  name: 'RemoveTargets',
  input: {
    type: 'structure',
    members: {
      Rule: { ...RULE_NAME, required: true },
      EventBusName: BUS_NAME_OR_ARN,
      Ids: { type: 'list', min: 1, max: 100, member: TARGET_ID, required: true },
      Force: { type: 'boolean' },
    },
  },
  async handle(input, call) {
    const rule = ruleOf(call, input.Rule, input.EventBusName);
    call.authorize(rule.arn);
    const ids = new Set(input.Ids);
    await call.store.putRule({ ...rule, targets: rule.targets.filter((target) => !ids.has(String(target.Id))) });
    return { FailedEntryCount: 0, FailedEntries: [] };
  },
});
