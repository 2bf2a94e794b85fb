/**
 * Before any test file runs (one file or the whole suite): the synthesized backend that the
 * assembly, integration, conformance and browser tests read (`.amplify/local/cdk.out`) is
 * brought up to date, as `npm run synth` would, and so are the fixture backends that are Amplify
 * projects of their own (synthesized here once, not by test files racing each other). A cache hit costs a content hash; a stale or
 * missing assembly is synthesized here (15–90 s on two cores). A failed synthesis stops the run
 * and says what to fix and what to run.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { synthesize, SynthesisError } from '../local/assembly/synthesize';

/**
 * Fixture backends defined with Amplify and CDK (their own `amplify/backend.ts`), which tests
 * start from their assembly. Found, not listed, so a new one is never left to a test file's
 * hook (a first synth can outlast the hook timeout on a loaded machine).
 */
function fixtureProjects(): string[] {
  const root = path.resolve('tests/fixtures');
  return readdirSync(root)
    .map((name) => path.join(root, name))
    .filter((dir) => existsSync(path.join(dir, 'amplify', 'backend.ts')));
}

async function bringUpToDate(projectDir: string, fix: string): Promise<void> {
  try {
    const result = await synthesize({ projectDir });
    if (!result.cached) process.stderr.write(`synthesized ${projectDir}/amplify/backend.ts for the tests in ${(result.durationMs / 1000).toFixed(1)} s (${result.outDir})\n`);
  } catch (error) {
    const details = error instanceof SynthesisError ? `${error.details}\n${error.resolution}` : (error as Error).stack;
    throw new Error(`The tests read the synthesized backend of ${projectDir} (.amplify/local/cdk.out), and synthesizing it failed: ${(error as Error).message}\n${details}\n${fix}`);
  }
}

export default async function setup(): Promise<void> {
  await bringUpToDate(process.cwd(), 'Fix amplify/, then run: npm run synth');
  // Two at a time: each synth is a child process that leaves a core idle while it waits on disk.
  const queue = fixtureProjects();
  const worker = async () => {
    for (let fixture = queue.shift(); fixture; fixture = queue.shift()) {
      await bringUpToDate(fixture, `Fix ${path.relative(process.cwd(), fixture)}/amplify/ (a test fixture)`);
    }
  };
  await Promise.all([worker(), worker()]);
}
