/**
 * Before any test file runs (one file or the whole suite): the synthesized backend that the
 * assembly, integration, conformance and browser tests read (`.amplify/local/cdk.out`) is
 * brought up to date, as `npm run synth` would. A cache hit costs a content hash; a stale or
 * missing assembly is synthesized here (15–90 s on two cores). A failed synthesis stops the run
 * and says what to fix and what to run.
 */
import { synthesize, SynthesisError } from '../local/assembly/synthesize';

export default async function setup(): Promise<void> {
  try {
    const result = await synthesize({ projectDir: process.cwd() });
    if (!result.cached) process.stderr.write(`synthesized amplify/backend.ts for the tests in ${(result.durationMs / 1000).toFixed(1)} s (${result.outDir})\n`);
  } catch (error) {
    const details = error instanceof SynthesisError ? `${error.details}\n${error.resolution}` : (error as Error).stack;
    throw new Error(`The tests read the synthesized backend (.amplify/local/cdk.out), and synthesizing it failed: ${(error as Error).message}\n${details}\nFix amplify/, then run: npm run synth`);
  }
}
