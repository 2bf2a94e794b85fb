import path from 'node:path';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, type DescribeExecutionOutput, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';

/** The Amplify project of tests/fixtures/stepfunctions (synthesized by the global setup, cached). */
export const STEP_FUNCTIONS_FIXTURE = path.resolve('tests/fixtures/stepfunctions');

/** The `custom` outputs its backend.ts adds: each state machine's ARN, the approvals queue. */
export interface StepFunctionsOutputs {
  flow: string;
  retry: string;
  approval: string;
  waiter: string;
  jsonata: string;
  items: string;
  denied: string;
  loop: string;
  chain100: string;
  chain10: string;
  heartbeat: string;
  parent: string;
  approvalsQueueUrl: string;
}

/** DescribeExecution until the execution is no longer RUNNING. */
export async function settled(sfn: SFNClient, executionArn: string, timeoutMs = 30_000): Promise<DescribeExecutionOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    if (Date.now() > deadline) throw new Error(`execution ${executionArn} still RUNNING after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The whole history, every page. */
export async function historyOf(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}
