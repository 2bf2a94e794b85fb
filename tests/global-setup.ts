/**
 * Before any test file runs (one file or the whole suite): the synthesized backend that the
 * assembly, integration, conformance and browser tests read (`.amplify/local/cdk.out`) is
 * brought up to date, as `npm run synth` would, and so are the fixture backends that are Amplify
 * projects of their own (synthesized here once, not by test files racing each other). A cache hit costs a content hash; a stale or
 * missing assembly is synthesized here (15–90 s on two cores). A failed synthesis stops the run
 * and says what to fix and what to run.
 */
import path from 'node:path';
import { synthesize, SynthesisError } from '../local/assembly/synthesize';

/** Fixture backends defined with Amplify and CDK (their own `amplify/backend.ts`), which tests start from their assembly. */
const FIXTURE_PROJECTS = ['tests/fixtures/apigateway'];

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
  for (const fixture of FIXTURE_PROJECTS) await bringUpToDate(path.resolve(fixture), `Fix ${fixture}/amplify/ (a test fixture)`);
}
