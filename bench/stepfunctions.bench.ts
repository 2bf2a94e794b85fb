/**
 * Local Step Functions (issue 18), on tests/fixtures/stepfunctions (synthesized by the tests'
 * global setup or `npm test`), through the real @aws-sdk/client-sfn:
 *  - state-transition overhead: StartSyncExecution of a 100-state and a 10-state Pass chain
 *    (Express); per transition = (p50 of 100 − p50 of 10) / 90, which leaves the HTTP round
 *    trip out (target ≤ 1 ms p50);
 *  - 1,000 Express executions of the 10-state chain started at once (StartSyncExecution each):
 *    wall time and executions/s.
 * Three rounds each; prints figures, asserts nothing.
 */
import path from 'node:path';
import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { Reporter, startLocalCloud } from '../local';
import { defaultServices } from '../local/services';
import { report, sample, summarize } from './stats';

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

async function run(stateMachineArn: string): Promise<void> {
  const answer = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{"n":1}' }));
  if (answer.status !== 'SUCCEEDED') throw new Error(`${stateMachineArn}: ${answer.status} ${answer.error} ${answer.cause}`);
}

for (let round = 1; round <= 3; round++) {
  const long = await sample(200, () => run(outputs.chain100));
  const short = await sample(200, () => run(outputs.chain10));
  report(`100-state Pass chain (StartSync) #${round}`, long);
  report(`10-state Pass chain (StartSync) #${round}`, short);
  const perTransition = (summarize(long).p50 - summarize(short).p50) / 90;
  console.log(`${`per state transition #${round}`.padEnd(44)} p50 ${perTransition.toFixed(3)} ms  (target ≤ 1 ms p50)`);
}

for (let round = 1; round <= 3; round++) {
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: 1000 }, () => run(outputs.chain10)));
  const seconds = (performance.now() - started) / 1000;
  const failed = results.filter((result) => result.status === 'rejected');
  console.log(`1,000 concurrent Express executions #${round}: ${seconds.toFixed(2)} s, ${(1000 / seconds).toFixed(0)} executions/s, ${failed.length} failed${failed.length ? ` (first: ${(failed[0] as PromiseRejectedResult).reason})` : ''}`);
}
await cloud.stop();
