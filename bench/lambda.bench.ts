/**
 * Local Lambda targets (issue 7):
 *  - warm invocation overhead of an empty handler, p50 (target ≤ 5 ms): in-process (what
 *    AppSync, Cognito, schedules and streams use) and through the edge with the real SDK;
 *  - cold start (target ≤ 300 ms): the empty fixture handler, and a real Amplify bundle of
 *    Flare (incident-stats: 1.6 MB, AWS SDK and all);
 *  - handler edit live after save (target ≤ 1 s): from writing the file to the first
 *    invocation that runs the new code, for a small function and a Flare-sized one.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Reporter, startLocalCloud, type LocalService } from '../local';
import { dynamodbService } from '../local/dynamodb';
import { iamService } from '../local/iam';
import { createLambdaService, type LambdaLocalService } from '../local/lambda';
import { AmplifyFunctionBundler, loadAmplifyShims, loadEsbuild } from '../local/lambda/hot-reload/amplify-bundler';
import type { LogRecord } from '../local/reporter';
import { AmplifySecrets, createSsmService } from '../local/ssm';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { report, sample } from './stats';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const RUNNER_FIXTURE = path.resolve('tests/fixtures/lambda-runner');
const nameOf = (lambda: LambdaLocalService, friendly: string) => lambda.functions().find((f) => f.friendlyName === friendly)!.name;

// 1) Warm invocation overhead.
{
  const cloud = await startLocalCloud({
    projectDir: process.cwd(), cdkOut: RUNNER_FIXTURE, port: 0, inMemory: true, synth: false, outputsFile: false,
    services: [iamService(), createLambdaService({ hotReload: false })], reporter: new Reporter({ level: 'error' }),
  });
  const lambda = cloud.services.get<LambdaLocalService>('lambda');
  const empty = nameOf(lambda, 'empty');
  report('warm invoke, empty handler (in-process)', await sample(500, () => lambda.invoke(empty, {})), '≤ 5 ms p50');
  const client = new LambdaClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  report('warm invoke, empty handler (SDK via edge, SigV4)', await sample(300, () => client.send(new InvokeCommand({ FunctionName: empty, Payload: '{}' }))), '≤ 5 ms p50');
  await cloud.stop();
}

// 2) Cold starts: environments retire as soon as they are idle, so every invocation starts one.
//    After a cloud's first cold start a runtime process waits ready (StandbyRuntimes), so
//    later cold starts skip booting Node; the first one of a cloud does not.
async function coldStarts(label: string, options: { cdkOut?: string; friendly: string; event: unknown; services: () => LocalService[] }): Promise<void> {
  const first: number[] = [];
  let later: number[] = [];
  let inits: number[] = [];
  for (let round = 0; round < 3; round++) {
    const records: LogRecord[] = [];
    const cloud = await startLocalCloud({
      projectDir: process.cwd(), cdkOut: options.cdkOut, port: 0, inMemory: true, synth: false, outputsFile: false,
      services: [...options.services(), createLambdaService({ hotReload: false, idleTimeoutMs: 0 })],
      reporter: new Reporter({ level: 'debug', sinks: [(record) => records.push(record)] }),
    });
    const lambda = cloud.services.get<LambdaLocalService>('lambda');
    const name = nameOf(lambda, options.friendly);
    const invokeCold = async () => {
      const started = performance.now();
      const result = await lambda.invoke(name, options.event);
      const elapsed = performance.now() - started;
      if (result.functionError) throw new Error(JSON.stringify(result.payload));
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the idle environment retire
      return elapsed;
    };
    first.push(await invokeCold());
    if (round === 2) {
      for (let i = 0; i < 15; i++) later.push(await invokeCold());
      inits = records.filter((r) => r.message.includes('Init Duration')).map((r) => Number(/Init Duration: ([\d.]+)/.exec(r.message)![1])).slice(1);
    }
    await cloud.stop();
  }
  report(`${label}: first of a cloud (Node boot)`, first, '≤ 300 ms');
  report(`${label}: later (runtime ready)`, later, '≤ 300 ms');
  report(`${label}:   of which init`, inits);
  later = [];
}

await coldStarts('cold start, empty handler', { cdkOut: RUNNER_FIXTURE, friendly: 'empty', event: {}, services: () => [iamService()] });
await coldStarts('cold start, Flare incident-stats (1.6 MB bundle)', {
  friendly: 'incident-stats',
  event: { arguments: {}, identity: null },
  services: () => [iamService(), createSsmService(), dynamodbService()],
});

// 3) Handler edit live after save.
async function editToLive(label: string, source: { amplifyDir: string; entry: string }, edit: (text: string, round: number) => string, live: (payload: unknown, round: number) => boolean): Promise<void> {
  const root = path.resolve('.amplify/local/bench-projects');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(path.join(root, 'project-'));
  try {
    cpSync(path.resolve('tests/fixtures/lambda-amplify-project'), dir, { recursive: true });
    if (source.amplifyDir !== 'fixture') {
      rmSync(path.join(dir, 'amplify'), { recursive: true, force: true });
      cpSync(source.amplifyDir, path.join(dir, 'amplify'), { recursive: true });
      cpSync(path.resolve('.amplify/generated'), path.join(dir, '.amplify/generated'), { recursive: true });
    }
    const cdkOut = path.join(dir, 'cdk.out');
    const bundler = await AmplifyFunctionBundler.create(loadEsbuild(dir), loadAmplifyShims(dir), { entry: path.join(dir, source.entry), runtime: 'nodejs20.x', minify: true, projectDir: dir, outBase: cdkOut });
    const built = await bundler.build();
    await bundler.dispose();
    mkdirSync(path.join(cdkOut, 'asset.greeter'), { recursive: true });
    for (const file of built.files) writeFileSync(path.join(cdkOut, 'asset.greeter', file.name), file.contents);
    const cloud = await startLocalCloud({
      projectDir: dir, cdkOut, stateDir: path.join(dir, 'state'), port: 0, synth: false, outputsFile: false,
      services: [iamService(), createSsmService(), dynamodbService(), createLambdaService()], reporter: new Reporter({ level: 'silent' }),
    });
    // The function reads an Amplify secret at cold start: set it as `ampx sandbox secret set` does.
    const ssm = new SSMClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    for (const directory of AmplifySecrets.fromAssembly(cloud.assembly).branchDirectories) {
      await ssm.send(new PutParameterCommand({ Name: `${directory}/API_KEY`, Value: 'bench', Type: 'SecureString', Overwrite: true }));
    }
    const lambda = cloud.services.get<LambdaLocalService>('lambda');
    const name = lambda.functions()[0].name;
    const file = path.join(dir, source.entry);
    const original = readFileSync(file, 'utf8');
    await lambda.invoke(name, { name: 'warm-up' });
    const samples: number[] = [];
    for (let round = 1; round <= 5; round++) {
      const saved = performance.now();
      writeFileSync(file, edit(original, round));
      for (;;) {
        const result = await lambda.invoke(name, { name: 'bench', arguments: { bench: true }, identity: null });
        if (live(result.payload, round)) break;
        if (performance.now() - saved > 30_000) throw new Error(`${label}: edit ${round} not live after 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      samples.push(performance.now() - saved);
    }
    report(`${label}: first edit (esbuild context created)`, samples.slice(0, 1), '≤ 1 s');
    report(`${label}: later edits`, samples.slice(1), '≤ 1 s');
    await cloud.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await editToLive(
  'edit live, small function',
  { amplifyDir: 'fixture', entry: 'amplify/functions/greeter/handler.ts' },
  (text, round) => text.replace('version: 1,', `version: ${round + 1},`),
  (payload, round) => (payload as { version?: number }).version === round + 1,
);
await editToLive(
  'edit live, Flare incident-stats (1.6 MB bundle)',
  { amplifyDir: path.resolve('amplify'), entry: 'amplify/functions/incident-stats/handler.ts' },
  // A visible change: asked with { bench: true }, the new code answers with the round.
  (text, round) => text.replace('  try {\n    const since', `  if ((event.arguments as { bench?: boolean }).bench) return { benchRound: ${round} } as never;\n  try {\n    const since`),
  (payload, round) => (payload as { benchRound?: number } | null)?.benchRound === round,
);
process.exit(0);
