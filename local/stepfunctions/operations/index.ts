import { OperationRegistry, type AnyOperation } from '../../kit';
import type { StatesCall } from '../context';
import { describeExecution } from './describeExecution';
import { describeStateMachine } from './describeStateMachine';
import { getExecutionHistory } from './getExecutionHistory';
import { listExecutions } from './listExecutions';
import { listStateMachines } from './listStateMachines';
import { sendTaskFailure } from './sendTaskFailure';
import { sendTaskHeartbeat } from './sendTaskHeartbeat';
import { sendTaskSuccess } from './sendTaskSuccess';
import { startExecution } from './startExecution';
import { startSyncExecution } from './startSyncExecution';
import { stopExecution } from './stopExecution';
import { validateStateMachineDefinition } from './validateStateMachineDefinition';

const STATE_MACHINES_FROM_ASSEMBLY = 'state machines come from the assembly';

export const STATES_OPERATIONS = new OperationRegistry<AnyOperation<StatesCall>>({
  service: 'Step Functions',
  iamPrefix: 'states',
  operations: [startExecution, startSyncExecution, stopExecution, describeExecution, listExecutions, getExecutionHistory, sendTaskSuccess, sendTaskFailure, sendTaskHeartbeat, describeStateMachine, listStateMachines, validateStateMachineDefinition],
  notImplemented: {
    CreateStateMachine: STATE_MACHINES_FROM_ASSEMBLY,
    UpdateStateMachine: STATE_MACHINES_FROM_ASSEMBLY,
    DeleteStateMachine: STATE_MACHINES_FROM_ASSEMBLY,
    TestState: 'testing one state',
    RedriveExecution: 'redriving executions',
    DescribeStateMachineForExecution: 'executions',
    DescribeMapRun: 'Distributed Map runs',
    ListMapRuns: 'Distributed Map runs',
    UpdateMapRun: 'Distributed Map runs',
    CreateActivity: 'activities',
    DeleteActivity: 'activities',
    DescribeActivity: 'activities',
    ListActivities: 'activities',
    GetActivityTask: 'activities',
    PublishStateMachineVersion: 'versions and aliases',
    ListStateMachineVersions: 'versions and aliases',
    DeleteStateMachineVersion: 'versions and aliases',
    CreateStateMachineAlias: 'versions and aliases',
    DescribeStateMachineAlias: 'versions and aliases',
    ListStateMachineAliases: 'versions and aliases',
    UpdateStateMachineAlias: 'versions and aliases',
    DeleteStateMachineAlias: 'versions and aliases',
    TagResource: 'tags',
    UntagResource: 'tags',
    ListTagsForResource: 'tags',
  },
});
