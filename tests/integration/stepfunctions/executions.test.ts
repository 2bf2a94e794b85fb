/**
 * The local Step Functions on tests/fixtures/stepfunctions (state machines written as ASL with
 * CDK), driven with the real @aws-sdk/client-sfn: state types, Retry and Catch around a
 * throwing Lambda, task tokens, JSONata, DynamoDB through the machine's role (allowed and
 * denied by IAM), the history limit, and the API's errors, as the Step Functions Developer
 * Guide and API Reference document them.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { dynamodbService } from '../../../local/dynamodb';
import { iamService } from '../../../local/iam';
import { createLambdaService } from '../../../local/lambda';
import { createSqsService } from '../../../local/sqs';
import { createStepFunctionsService } from '../../../local/stepfunctions';
import { clientConfig, startTestCloud } from '../../helpers/cloud';
import { historyOf, settled, STEP_FUNCTIONS_FIXTURE, type StepFunctionsOutputs } from '../../helpers/stepfunctions';

let cloud: LocalCloud;
let sfn: SFNClient;
let sqs: SQSClient;
let outputs: StepFunctionsOutputs;

beforeAll(async () => {
  cloud = await startTestCloud({
    projectDir: STEP_FUNCTIONS_FIXTURE,
    synth: true,
    services: [iamService(), dynamodbService(), createSqsService(), createLambdaService({ hotReload: false }), createStepFunctionsService()],
  });
  // StartSyncExecution's endpoint has the host prefix `sync-`, which a loopback IP cannot take.
  sfn = new SFNClient({ ...clientConfig(cloud), disableHostPrefix: true });
  sqs = new SQSClient(clientConfig(cloud));
  outputs = cloud.outputs.custom as unknown as StepFunctionsOutputs;
}, 120_000);

afterAll(async () => {
  await cloud?.stop();
});

const start = async (stateMachineArn: string, input: unknown, name?: string) =>
  (await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), name }))).executionArn!;

/** Receives the approvals queue's next request (its task token and the execution's input). */
async function nextApproval(): Promise<{ token: string; request: unknown }> {
  for (let i = 0; i < 100; i++) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: outputs.approvalsQueueUrl, WaitTimeSeconds: 1 }));
    const message = Messages[0];
    if (message) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: outputs.approvalsQueueUrl, ReceiptHandle: message.ReceiptHandle! }));
      return JSON.parse(message.Body!) as { token: string; request: unknown };
    }
  }
  throw new Error('no approval request arrived');
}

describe('state machines from the assembly', () => {
  it('lists and describes them with their substituted definitions and roles', async () => {
    const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines.map((m) => m.name)).toEqual(expect.arrayContaining(['flow', 'retry', 'approval', 'jsonata', 'items', 'denied']));
    const retry = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: outputs.retry }));
    expect(retry).toMatchObject({ name: 'retry', type: 'STANDARD', status: 'ACTIVE', roleArn: expect.stringMatching(/^arn:aws:iam::\d{12}:role\//) });
    expect(retry.definition).not.toContain('${FunctionArn}');
    expect(JSON.parse(retry.definition!).States.Call.Parameters.FunctionName).toMatch(/^arn:aws:lambda:us-east-1:\d{12}:function:/);
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: outputs.jsonata }))).type).toBe('EXPRESS');
  });
});

describe('state types', () => {
  it('runs Pass (with an intrinsic), Choice, Parallel, Map and Wait to success, with AWS event types in the history', async () => {
    const arn = await start(outputs.flow, { items: [1, 2, 3], fail: false, run: 7 });
    const described = await settled(sfn, arn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({ items: [1, 2, 3], fail: false, label: 'run 7', branches: ['left', 'run 7'], doubled: [{ value: 2 }, { value: 4 }, { value: 6 }] });
    const types = (await historyOf(sfn, arn)).map((event) => event.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(types).toEqual(expect.arrayContaining(['PassStateEntered', 'ChoiceStateEntered', 'ParallelStateEntered', 'ParallelStateStarted', 'MapStateEntered', 'MapIterationStarted', 'MapIterationSucceeded', 'WaitStateEntered', 'WaitStateExited', 'SucceedStateEntered']));
    expect(types.filter((type) => type === 'MapIterationStarted')).toHaveLength(3);
    expect(types).not.toContain('TaskStateEntered');
  });

  it('ends in a Fail state with its Error and Cause', async () => {
    const arn = await start(outputs.flow, { items: [], fail: true, run: 1 });
    const described = await settled(sfn, arn);
    expect(described).toMatchObject({ status: 'FAILED', error: 'Flow.Broken', cause: 'asked to fail' });
    const events = await historyOf(sfn, arn);
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Flow.Broken', cause: 'asked to fail' } });
  });
});

describe('Retry and Catch', () => {
  it('retries a Lambda error by name MaxAttempts times, then catches it into ResultPath', async () => {
    const arn = await start(outputs.retry, { fail: 'still broken' });
    const described = await settled(sfn, arn);
    expect(described.status).toBe('SUCCEEDED');
    const output = JSON.parse(described.output!);
    expect(output.error.Error).toBe('FlakyError');
    expect(JSON.parse(output.error.Cause)).toMatchObject({ errorType: 'FlakyError', errorMessage: 'still broken' });
    const events = await historyOf(sfn, arn);
    // The first attempt and two retries.
    expect(events.filter((event) => event.type === 'TaskScheduled')).toHaveLength(3);
    expect(events.filter((event) => event.type === 'TaskFailed').map((event) => event.taskFailedEventDetails?.error)).toEqual(['FlakyError', 'FlakyError', 'FlakyError']);
    expect(events.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke' });
    expect(events.map((event) => event.type)).toContain('PassStateEntered');
  }, 20_000);

  it('passes the result through ResultSelector when the function succeeds', async () => {
    const arn = await start(outputs.retry, { numbers: [4, 5] });
    const described = await settled(sfn, arn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({ sum: 9 });
  });
});

describe('.waitForTaskToken', () => {
  it('sends the token on the queue and waits for SendTaskSuccess, whose output becomes the result', async () => {
    const arn = await start(outputs.approval, { incident: 'i-1' });
    const { token, request } = await nextApproval();
    expect(request).toEqual({ incident: 'i-1' });
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
    const described = await settled(sfn, arn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({ incident: 'i-1', answer: { approved: true } });
    const types = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn }))).events?.map((e) => e.type);
    expect(types).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
    // The token is spent.
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('fails the task with SendTaskFailure error and cause', async () => {
    const arn = await start(outputs.approval, { incident: 'i-2' });
    const { token } = await nextApproval();
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Review.Rejected', cause: 'not ready' }));
    expect(await settled(sfn, arn)).toMatchObject({ status: 'FAILED', error: 'Review.Rejected', cause: 'not ready' });
  });

  it('refuses a token that is not one (InvalidToken) and invalid output (InvalidOutput)', async () => {
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' }))).rejects.toMatchObject({ name: 'InvalidToken', message: "Invalid Token: 'Invalid token'" });
    const arn = await start(outputs.approval, { incident: 'i-3' });
    const { token } = await nextApproval();
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: 'not json' }))).rejects.toMatchObject({ name: 'InvalidOutput' });
    await sfn.send(new StopExecutionCommand({ executionArn: arn, error: 'Test.Stop', cause: 'done' }));
    expect(await settled(sfn, arn)).toMatchObject({ status: 'ABORTED', error: 'Test.Stop', cause: 'done' });
    expect((await historyOf(sfn, arn)).at(-1)?.type).toBe('ExecutionAborted');
  });
});

describe('heartbeats and child executions', () => {
  it('fails a task whose heartbeat does not come in HeartbeatSeconds with States.HeartbeatTimeout', async () => {
    const arn = await start(outputs.heartbeat, { incident: 'quiet' });
    const { token } = await nextApproval();
    expect(await settled(sfn, arn)).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('runs a child execution with states:startExecution.sync:2 and takes its parsed output', async () => {
    const arn = await start(outputs.parent, { items: [5] });
    const described = await settled(sfn, arn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({ status: 'SUCCEEDED', doubled: [{ value: 10 }] });
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: outputs.flow }));
    expect(executions.length).toBeGreaterThan(0);
  });
});

describe('JSONata', () => {
  it('evaluates Output and Arguments in Pass and Task states (Express, StartSyncExecution)', async () => {
    const answer = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: outputs.jsonata, input: JSON.stringify({ values: [1, 2, 3, 4] }) }));
    expect(answer.status).toBe('SUCCEEDED');
    expect(JSON.parse(answer.output!)).toEqual({ sum: 10, count: 4 });
  });

  it('answers StartSyncExecution on a Standard machine with StateMachineTypeNotSupported', async () => {
    await expect(sfn.send(new StartSyncExecutionCommand({ stateMachineArn: outputs.flow, input: '{}' }))).rejects.toMatchObject({ name: 'StateMachineTypeNotSupported' });
  });
});

describe('AWS calls under the machine role', () => {
  it('writes and reads DynamoDB with the optimized and aws-sdk integrations when the role is granted', async () => {
    const arn = await start(outputs.items, { id: 'item-1' });
    const described = await settled(sfn, arn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({ note: 'stored' });
  });

  it('fails the task with DynamoDb.AccessDeniedException when the role lacks the permission', async () => {
    const arn = await start(outputs.denied, {});
    const described = await settled(sfn, arn);
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('DynamoDb.AccessDeniedException');
    expect(described.cause).toMatch(/is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:/);
  });
});

describe('bad input', () => {
  it('answers InvalidArn, StateMachineDoesNotExist and ExecutionAlreadyExists as AWS does', async () => {
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: 'nope' }))).rejects.toMatchObject({ name: 'InvalidArn', message: "Invalid Arn: 'Invalid ARN prefix: nope'" });
    const missing = outputs.flow.replace(/:flow$/, ':missing');
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: missing }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    const name = `same-${Date.now()}`;
    const first = await start(outputs.approval, { n: 1 }, name);
    // Same name and input while it runs: the same execution (idempotent).
    expect(await start(outputs.approval, { n: 1 }, name)).toBe(first);
    await expect(start(outputs.approval, { n: 2 }, name)).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await nextApproval();
    await sfn.send(new StopExecutionCommand({ executionArn: first }));
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: outputs.flow, input: '{not json' }))).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
  });

  it('validates definitions with diagnostics', async () => {
    const ok = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }) }));
    expect(ok).toMatchObject({ result: 'OK', diagnostics: [] });
    const bad = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }) }));
    expect(bad.result).toBe('FAIL');
    expect(bad.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET' })]));
  });

  it('names what it does not implement', async () => {
    await expect(sfn.send(new CreateStateMachineCommand({ name: 'x', definition: '{}', roleArn: 'arn:aws:iam::000000000000:role/x' }))).rejects.toMatchObject({ name: 'UnknownOperationException', message: expect.stringContaining('CreateStateMachine') });
  });

  it('fails an execution that passes the 25,000-event history limit', async () => {
    const arn = await start(outputs.loop, {});
    const described = await settled(sfn, arn, 120_000);
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(described.cause).toContain('25000');
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: outputs.loop, statusFilter: 'FAILED' }));
    expect(executions.map((e) => e.executionArn)).toContain(arn);
    expect((await historyOf(sfn, arn)).length).toBe(25_001);
  }, 150_000);
});
