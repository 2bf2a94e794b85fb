import type { TestEventPatternRequest, TestEventPatternResponse } from '@aws-sdk/client-eventbridge';
import { LOCAL_ACCOUNT } from '../../assembly';
import { defineOperation } from '../../kit';
import { compilePattern, matchesPattern } from '../../patterns';
import type { EventsCall } from '../context';
import { EventsErrors } from '../errors';
import { EVENT_PATTERN } from './members';
import { checkPattern } from './putRule';

/** The members EventBridge requires of a test event (with `source` and `detail-type`). */
const REQUIRED_FIELDS = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'] as const;

/** `AWSEvents.TestEventPattern`: whether the event matches, by the same matcher rules use. */
export const testEventPattern = defineOperation<TestEventPatternRequest, TestEventPatternResponse, EventsCall>({
  name: 'TestEventPattern',
  input: { type: 'structure', members: { EventPattern: { ...EVENT_PATTERN, required: true }, Event: { type: 'string', required: true } } },
  handle(input, call) {
    call.authorize(`arn:aws:events:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:*`);
    checkPattern(input.EventPattern);
    let event: unknown;
    try {
      event = JSON.parse(input.Event);
    } catch {
      throw EventsErrors.validation('Parameter Event is not valid.');
    }
    if (event === null || typeof event !== 'object' || Array.isArray(event)) throw EventsErrors.validation('Parameter Event is not valid.');
    const missing = REQUIRED_FIELDS.find((field) => !Object.hasOwn(event as object, field));
    if (missing) throw EventsErrors.validation('Parameter Event is not valid.');
    return { Result: matchesPattern(compilePattern(input.EventPattern), event) };
  },
});
