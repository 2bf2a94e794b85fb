/**
 * Local Step Functions (issue 18), on tests/fixtures/stepfunctions (synthesized by the tests'
 * global setup or `npm test`), through the real @aws-sdk/client-sfn:
 *  - state-transition overhead: StartSyncExecution of a 100-state Pass chain (Express); per
 *    transition = the execution's own duration (stopDate − startDate, as the service answers
 *    them, so the HTTP round trip is left out) / 100 (target ≤ 1 ms p50); the round trips of
 *    the 100- and 10-state chains are printed beside it;
 *  - 1,000 Express executions of the 10-state chain started at once (StartSyncExecution each):
 *    wall time and executions/s.
 * Three rounds each; prints figures, asserts nothing.
 */
import path from 'node:path';
import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { Reporter, startLocalCloud } from '../local';
import { defaultServices } from '../local/services';
import { report, sample } from './stats';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const FIXTURE = path.resolve('tests/fixtures/stepfunctions');
const SERVICES = ['iam', 'stepfunctions'];

const cloud = await startLocalCloud({
  projectDir: FIXTURE, port: 0, inMemory: true, synth: true, outputsFile: false,
  services: defaultServices().filter((service) => SERVICES.includes(service.name)),
  reporter: new Reporter({ level: 'error' }),
});
const outputs = cloud.outputs.custom as unknown as { chain100: string; chain10: string };
const sfn = new SFNClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: cloud.rootCredentials, maxAttempts: 1, disableHostPrefix: true });

/** Runs one execution; resolves with its duration as the service reports it (ms). */
async function run(stateMachineArn: string): Promise<number> {
  const answer = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{"n":1}' }));
  if (answer.status !== 'SUCCEEDED') throw new Error(`${stateMachineArn}: ${answer.status} ${answer.error} ${answer.cause}`);
  return answer.stopDate!.getTime() - answer.startDate!.getTime();
}

for (let round = 1; round <= 3; round++) {
  const perTransition: number[] = [];
  const long = await sample(200, async () => perTransition.push((await run(outputs.chain100)) / 100));
  const short = await sample(200, () => run(outputs.chain10));
  report(`100-state Pass chain, round trip #${round}`, long);
  report(`10-state Pass chain, round trip #${round}`, short);
  report(`per state transition (in the service) #${round}`, perTransition.slice(-200), '≤ 1 ms p50');
}

for (let round = 1; round <= 3; round++) {
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: 1000 }, () => run(outputs.chain10)));
  const seconds = (performance.now() - started) / 1000;
  const failed = results.filter((result) => result.status === 'rejected');
  console.log(`1,000 concurrent Express executions #${round}: ${seconds.toFixed(2)} s, ${(1000 / seconds).toFixed(0)} executions/s, ${failed.length} failed${failed.length ? ` (first: ${(failed[0] as PromiseRejectedResult).reason})` : ''}`);
}
await cloud.stop();
