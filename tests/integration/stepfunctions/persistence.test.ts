/**
 * Standard executions survive a restart of the local cloud on the same state directory: one
 * waiting for its task token, and one in a Wait state, resume where they stopped and succeed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import { createSqsService } from '../../../local/sqs';
import { createStepFunctionsService } from '../../../local/stepfunctions';
import { clientConfig, startTestCloud } from '../../helpers/cloud';
import { historyOf, settled, STEP_FUNCTIONS_FIXTURE, type StepFunctionsOutputs } from '../../helpers/stepfunctions';

const stateDir = mkdtempSync(path.join(os.tmpdir(), 'flare-sfn-'));
let cloud: LocalCloud | undefined;
afterAll(async () => {
  await cloud?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

const start = () => startTestCloud({ projectDir: STEP_FUNCTIONS_FIXTURE, synth: true, stateDir, services: [iamService(), createSqsService(), createStepFunctionsService()] });

it('resumes a task-token wait and a Wait state after a restart', async () => {
  cloud = await start();
  const outputs = cloud.outputs.custom as unknown as StepFunctionsOutputs;
  let sfn = new SFNClient(clientConfig(cloud));
  const sqs = new SQSClient(clientConfig(cloud));
  const waiting = (await sfn.send(new StartExecutionCommand({ stateMachineArn: outputs.approval, input: JSON.stringify({ incident: 'restart' }) }))).executionArn!;
  const sleeping = (await sfn.send(new StartExecutionCommand({ stateMachineArn: outputs.waiter, input: JSON.stringify({ seconds: 3 }) }))).executionArn!;
  let body: string | undefined;
  for (let i = 0; i < 30 && !body; i++) body = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: outputs.approvalsQueueUrl, WaitTimeSeconds: 1 }))).Messages?.[0]?.Body;
  const { token } = JSON.parse(body!) as { token: string };

  await cloud.stop();
  cloud = await start();
  sfn = new SFNClient(clientConfig(cloud));

  await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: 'after restart' }) }));
  const approved = await settled(sfn, waiting);
  expect(approved.status).toBe('SUCCEEDED');
  expect(JSON.parse(approved.output!)).toEqual({ incident: 'restart', answer: { approved: 'after restart' } });
  const types = (await historyOf(sfn, waiting)).map((event) => event.type);
  // One request sent (the task was not run again), one state entry.
  expect(types.filter((type) => type === 'TaskSubmitted')).toHaveLength(1);
  expect(types.filter((type) => type === 'TaskStateEntered')).toHaveLength(1);

  const woke = await settled(sfn, sleeping);
  expect(woke.status).toBe('SUCCEEDED');
  expect(JSON.parse(woke.output!)).toEqual({ seconds: 3, state: 'woke' });
  expect((await historyOf(sfn, sleeping)).filter((event) => event.type === 'WaitStateEntered')).toHaveLength(1);
}, 120_000);
