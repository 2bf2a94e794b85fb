import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import { createLambdaService, type LambdaLocalService } from '../../../local/lambda';
import type { LogRecord } from '../../../local/reporter';
import { createSsmService } from '../../../local/ssm';
import { recordingReporter, startTestCloud } from '../../helpers/cloud';
import { materializeAmplifyProject, setAmplifySecret, type AmplifyProject } from './amplify-project';

interface Greeting {
  version: number;
  greeting: string;
  invocations: number;
  style: string;
}

/**
 * Hot reload: editing an Amplify function's handler, or a module it imports, while the
 * local cloud runs rebuilds its bundle the way Amplify does and swaps it in.
 */
describe('hot reload of Amplify functions', () => {
  let project: AmplifyProject;
  let cloud: LocalCloud;
  let lambda: LambdaLocalService;
  const records: LogRecord[] = [];
  const greet = async () => (await lambda.invoke(lambda.functions()[0].name, { name: 'Ada' })).payload as Greeting;
  const handlerFile = 'amplify/functions/greeter/handler.ts';
  const sharedFile = 'amplify/shared/greeting.ts';

  /** Invokes until `accept` holds: an edit is live when an invocation shows it. */
  async function until(accept: (result: Greeting) => boolean, timeoutMs = 15_000): Promise<Greeting> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await greet();
      if (accept(result)) return result;
      if (Date.now() > deadline) throw new Error(`edit not live after ${timeoutMs} ms: ${JSON.stringify(result)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  beforeAll(async () => {
    project = await materializeAmplifyProject();
    cloud = await startTestCloud({
      projectDir: project.dir,
      cdkOut: project.cdkOut,
      stateDir: project.stateDir,
      services: [iamService(), createSsmService(), createLambdaService()],
      reporter: recordingReporter(records),
    });
    lambda = cloud.services.get<LambdaLocalService>('lambda');
    await setAmplifySecret(cloud, 'API_KEY', 'k');
  });
  afterAll(async () => {
    await cloud?.stop();
    project?.remove();
  });

  it('watches the Amplify functions it can rebuild', () => {
    expect(lambda.summary()).toContain('hot reload: 1 function watched under amplify/');
  });

  it('an edited handler is live for the next invocations, in a new environment; settings and secrets stay', async () => {
    // Prepare
    const before = await greet();
    await greet();
    const source = readFileSync(path.join(project.dir, handlerFile), 'utf8');

    // Act
    project.write(handlerFile, source.replace('version: 1,', 'version: 2,'));
    const after = await until((result) => result.version === 2);

    // Assess
    expect(before.version).toBe(1);
    expect(after).toMatchObject({ version: 2, invocations: 1, style: 'formal', greeting: 'Good day, Ada.' });
    expect(records.some((r) => r.service === 'lambda:greeter' && r.level === 'done' && /^reloaded \(amplify\/functions\/greeter\/handler\.ts changed\) in \d+ ms$/.test(r.message))).toBe(true);
  });

  it('a change in a module the bundle imports reloads the function too', async () => {
    // Act
    const source = readFileSync(path.join(project.dir, sharedFile), 'utf8');
    project.write(sharedFile, source.replace('Good day', 'Good evening'));
    const after = await until((result) => result.greeting.startsWith('Good evening'));

    // Assess
    expect(after.greeting).toBe('Good evening, Ada.');
    expect(records.some((r) => r.service === 'lambda:greeter' && r.message.startsWith('reloaded (amplify/shared/greeting.ts changed)'))).toBe(true);
  });

  it('an edit that does not build is reported; the previous code keeps running', async () => {
    // Prepare
    const source = readFileSync(path.join(project.dir, handlerFile), 'utf8');
    const failuresBefore = records.filter((r) => r.message.startsWith('reload failed')).length;

    // Act
    project.write(handlerFile, `${source}\nexport const broken = (;\n`);
    const deadline = Date.now() + 15_000;
    while (records.filter((r) => r.message.startsWith('reload failed')).length === failuresBefore && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const during = await greet();
    project.write(handlerFile, source.replace('version: 2,', 'version: 3,'));
    const fixed = await until((result) => result.version === 3);

    // Assess
    const failure = records.find((r) => r.message.startsWith('reload failed'));
    expect(failure?.level).toBe('error');
    expect(failure?.message).toContain('amplify/functions/greeter/handler.ts');
    expect(during.version).toBe(2);
    expect(fixed.version).toBe(3);
  });
});
