import type { PutTargetsRequest, PutTargetsResponse, PutTargetsResultEntry, Target } from '@aws-sdk/client-eventbridge';
import { defineOperation } from '../../kit';
import type { EventsCall } from '../context';
import { EventsErrors } from '../errors';
import { BUS_NAME_OR_ARN, RULE_NAME } from './members';
import { ruleOf } from './rule-lookup';
import { TARGET, type LocalTarget } from './targets-shape';

/** EventBridge allows five targets per rule. */
const MAX_TARGETS = 5;

type Request = Omit<PutTargetsRequest, 'Targets'> & { Targets: LocalTarget[] | undefined };

/** Why EventBridge refuses one target (the others are kept), or undefined. */
function refusal(target: LocalTarget): Omit<PutTargetsResultEntry, 'TargetId'> | undefined {
  const ways = [target.Input, target.InputPath, target.InputTransformer].filter((way) => way !== undefined).length;
  if (ways > 1) return { ErrorCode: 'ValidationException', ErrorMessage: 'Only one of Input, InputPath, or InputTransformer must be provided.' };
  return undefined;
}

/** `AWSEvents.PutTargets`: adds or replaces (by Id) a rule's targets; a refused target fails alone. */
export const putTargets = defineOperation<Request, PutTargetsResponse, EventsCall>({
  name: 'PutTargets',
  input: {
    type: 'structure',
    members: {
      Rule: { ...RULE_NAME, required: true },
      EventBusName: BUS_NAME_OR_ARN,
      Targets: { type: 'list', min: 1, max: 100, member: TARGET, required: true },
    },
  },
  async handle(input, call) {
    const rule = ruleOf(call, input.Rule, input.EventBusName);
    call.authorize(rule.arn);
    const targets = new Map<string, Target>(rule.targets.map((target) => [String(target.Id), target]));
    const failed: PutTargetsResultEntry[] = [];
    for (const target of input.Targets) {
      const why = refusal(target);
      if (why) failed.push({ TargetId: target.Id, ...why });
      else targets.set(target.Id, target);
    }
    if (targets.size > MAX_TARGETS) throw EventsErrors.limitExceeded('The requested resource exceeds the maximum number allowed.');
    await call.store.putRule({ ...rule, targets: [...targets.values()] });
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  },
});
