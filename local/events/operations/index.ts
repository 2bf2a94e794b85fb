import { OperationRegistry, type AnyOperation } from '../../kit';
import type { EventsCall } from '../context';
import { deleteRule } from './deleteRule';
import { describeRule } from './describeRule';
import { disableRule, enableRule } from './enableRule';
import { createEventBus, deleteEventBus, describeEventBus, listEventBuses } from './eventBuses';
import { listRules } from './listRules';
import { listTargetsByRule } from './listTargetsByRule';
import { putEvents } from './putEvents';
import { putRule } from './putRule';
import { putTargets } from './putTargets';
import { removeTargets } from './removeTargets';
import { testEventPattern } from './testEventPattern';

const ARCHIVES = 'archives and replays (archives from the assembly record events; the API to read and replay them is not implemented)';

/**
 * The EventBridge operations the local event bus answers (`AWSEvents.<Name>`, IAM
 * `events:<Name>`); any other is UnknownOperationException naming it.
 */
export const EVENTS_OPERATIONS = new OperationRegistry<AnyOperation<EventsCall>>({
  service: 'EventBridge',
  iamPrefix: 'events',
  operations: [putEvents, putRule, putTargets, removeTargets, describeRule, listRules, listTargetsByRule, deleteRule, enableRule, disableRule, testEventPattern, createEventBus, describeEventBus, listEventBuses, deleteEventBus],
  notImplemented: {
    CreateArchive: ARCHIVES,
    DescribeArchive: ARCHIVES,
    ListArchives: ARCHIVES,
    UpdateArchive: ARCHIVES,
    DeleteArchive: ARCHIVES,
    StartReplay: ARCHIVES,
    DescribeReplay: ARCHIVES,
    ListReplays: ARCHIVES,
    CancelReplay: ARCHIVES,
    CreateConnection: 'connections and API destinations made at run time (those of the assembly run)',
    CreateApiDestination: 'connections and API destinations made at run time (those of the assembly run)',
    PutPermission: 'event bus policies',
    RemovePermission: 'event bus policies',
    CreateEndpoint: 'global endpoints',
    PutPartnerEvents: 'partner event sources',
    ListRuleNamesByTarget: 'rule lookups by target',
    TagResource: 'tags',
    UntagResource: 'tags',
    ListTagsForResource: 'tags',
    UpdateEventBus: 'changing an event bus',
  },
});
