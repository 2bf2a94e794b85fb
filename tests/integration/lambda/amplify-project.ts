import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { LocalCloud } from '../../../local';
import { AmplifyFunctionBundler, loadAmplifyShims, loadEsbuild } from '../../../local/lambda/hot-reload/amplify-bundler';
import { AmplifySecrets } from '../../../local/ssm';
import { clientConfig } from '../../helpers/cloud';

export const AMPLIFY_PROJECT_FIXTURE = path.resolve('tests/fixtures/lambda-amplify-project');

/**
 * A throwaway copy of an Amplify-shaped fixture project, inside the repository (so that
 * what bundles leave to the Lambda runtime, like `@aws-sdk/client-ssm`, resolves from its
 * node_modules), with each function's asset built the way Amplify builds it.
 */
export interface AmplifyProject {
  dir: string;
  cdkOut: string;
  stateDir: string;
  write(relative: string, content: string): void;
  remove(): void;
}

export async function materializeAmplifyProject(fixture = AMPLIFY_PROJECT_FIXTURE, functions: Record<string, string> = { greeter: 'amplify/functions/greeter/handler.ts' }): Promise<AmplifyProject> {
  const root = path.resolve('.amplify/local/test-projects');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(path.join(root, 'project-'));
  cpSync(fixture, dir, { recursive: true });
  const cdkOut = path.join(dir, 'cdk.out');
  const shims = loadAmplifyShims(dir);
  for (const [asset, entry] of Object.entries(functions)) {
    // outBase = cdk.out: the source map's paths are then right for cdk.out/asset.<name>/.
    const bundler = await AmplifyFunctionBundler.create(loadEsbuild(dir), shims, { entry: path.join(dir, entry), runtime: 'nodejs20.x', minify: true, projectDir: dir, outBase: cdkOut });
    const built = await bundler.build();
    await bundler.dispose();
    mkdirSync(path.join(cdkOut, `asset.${asset}`), { recursive: true });
    for (const file of built.files) writeFileSync(path.join(cdkOut, `asset.${asset}`, file.name), file.contents);
  }
  return {
    dir,
    cdkOut,
    stateDir: path.join(dir, 'state'),
    write: (relative, content) => writeFileSync(path.join(dir, relative), content),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Sets an Amplify `secret()` value in a running local cloud the way `ampx sandbox secret set`
 * does: a SecureString under the backend's branch secret path.
 * @example
 * await setAmplifySecret(cloud, 'API_KEY', 'k');
 */
export async function setAmplifySecret(cloud: LocalCloud, name: string, value: string): Promise<void> {
  const ssm = new SSMClient(clientConfig(cloud));
  for (const directory of AmplifySecrets.fromAssembly(cloud.assembly).branchDirectories) {
    await ssm.send(new PutParameterCommand({ Name: `${directory}/${name}`, Value: value, Type: 'SecureString', Overwrite: true }));
  }
  ssm.destroy();
}
