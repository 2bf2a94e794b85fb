import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BACKEND_ENTRY_EXTENSIONS, locateBackendEntry } from '../assembly/synthesize';
import { CliError } from './errors';

/** What the synth imports from the user's project, as `ampx` does (the CLI brings everything else). */
const PROJECT_PACKAGES = ['@aws-amplify/backend', 'aws-cdk-lib', 'constructs'] as const;

/**
 * The Amplify Gen 2 project the CLI works on: `--project <dir>` or the current directory.
 * It must hold `amplify/backend.(ts|js|mjs|cjs)` and have Amplify's backend packages
 * installed; each missing piece is an error that says how to fix it.
 */
export function resolveProject(dir: string | undefined): string {
  const projectDir = path.resolve(dir ?? process.cwd());
  if (!existsSync(projectDir)) {
    throw new CliError(`The project directory ${projectDir} does not exist`, 'Pass the directory of your Amplify project with --project <dir>.');
  }
  if (!locateBackendEntry(projectDir)) {
    const expected = `amplify/backend.(${BACKEND_ENTRY_EXTENSIONS.map((ext) => ext.slice(1)).join('|')})`;
    throw new CliError(
      `No Amplify Gen 2 backend in ${projectDir}: ${expected} is missing`,
      'Run flare-local in your Amplify project (the folder holding amplify/ and package.json), or pass --project <dir>.',
    );
  }
  return projectDir;
}

/** Fails naming the packages the project lacks for a synth (they come from the project, as for `ampx`). */
export function checkBackendPackages(projectDir: string): void {
  // Looked up as directories: not every package exports its package.json.
  const searched = createRequire(path.join(projectDir, 'package.json')).resolve.paths('') ?? [];
  const missing = PROJECT_PACKAGES.filter((name) => !searched.some((dir) => existsSync(path.join(dir, name, 'package.json'))));
  if (missing.length > 0) {
    throw new CliError(
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed in ${projectDir}`,
      `Install ${missing.length === 1 ? 'it' : 'them'} in the project, as for ampx: npm install --save-dev ${missing.join(' ')}`,
    );
  }
}
