import type { DeleteRuleRequest } from '@aws-sdk/client-eventbridge';
import { defineOperation } from '../../kit';
import type { EventsCall } from '../context';
import { EventsErrors } from '../errors';
import { busNameOf, ruleArn } from '../names';
import { BUS_NAME_OR_ARN, RULE_NAME } from './members';

/**
 * `AWSEvents.DeleteRule`: a rule that still has targets is refused, as EventBridge refuses it;
 * deleting a rule that does not exist succeeds.
 */
export const deleteRule = defineOperation<DeleteRuleRequest, Record<string, never>, EventsCall>({
  name: 'DeleteRule',
  input: { type: 'structure', members: { Name: { ...RULE_NAME, required: true }, EventBusName: BUS_NAME_OR_ARN, Force: { type: 'boolean' } } },
  async handle(input, call) {
    const busName = busNameOf(input.EventBusName);
    const arn = ruleArn(busName, input.Name);
    call.authorize(arn);
    const rule = call.store.rule(busName, input.Name);
    if (!rule) return {};
    if (rule.targets.length > 0) throw EventsErrors.validation('Rule can\'t be deleted since it has targets.');
    await call.store.deleteRule(busName, input.Name);
    await call.ruleChanged(arn, undefined);
    return {};
  },
});
