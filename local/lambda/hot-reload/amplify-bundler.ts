import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EOL } from 'node:os';
import path from 'node:path';

/** The parts of esbuild's API the bundler uses (the project's own esbuild, as CDK uses it). */
interface EsbuildApi {
  context(options: Record<string, unknown>): Promise<EsbuildContext>;
}
interface EsbuildContext {
  rebuild(): Promise<{ outputFiles?: { path: string; contents: Uint8Array }[]; metafile?: { inputs: Record<string, unknown> }; errors: unknown[] }>;
  dispose(): Promise<void>;
}

/** What Amplify's function factory adds to every bundle, read from the project's installed package. */
export interface AmplifyShims {
  /** The SSM resolver banner, flattened to one line exactly as `defineFunction` does it. */
  banner: string;
  /** The `require`/`__dirname` shim esbuild injects into ESM bundles. */
  cjsShim: string;
}

/**
 * Loads Amplify's lambda shims from the project's `@aws-amplify/backend-function`:
 * the banner is the concatenation of `resolve_ssm_params.js` and `invoke_ssm_shim.js`,
 * split into lines, `//` comments stripped, joined without separators (as its factory does).
 */
export function loadAmplifyShims(projectDir: string): AmplifyShims {
  const require = createRequire(path.join(projectDir, 'package.json'));
  const lib = path.dirname(require.resolve('@aws-amplify/backend-function'));
  const shims = path.join(lib, 'lambda-shims');
  const banner = readFileSync(path.join(shims, 'resolve_ssm_params.js'), 'utf8')
    .concat(readFileSync(path.join(shims, 'invoke_ssm_shim.js'), 'utf8'))
    .split(new RegExp(`${EOL}|\n|\r`, 'g'))
    .map((line) => line.replace(/\/\/.*$/, ''))
    .join('');
  return { banner, cjsShim: path.join(shims, 'cjs_shim.js') };
}

export function loadEsbuild(projectDir: string): EsbuildApi {
  const require = createRequire(path.join(projectDir, 'package.json'));
  return require('esbuild') as EsbuildApi;
}

export interface BundleSpec {
  entry: string;
  /** `nodejs22.x` → esbuild target `node22`, as CDK's NodejsFunction derives it. */
  runtime: string;
  minify: boolean;
  projectDir: string;
  /**
   * The directory builds are written under (`<outBase>/<n>/index.mjs`): the source map's
   * relative paths are computed for this depth.
   */
  outBase: string;
}

export interface BuiltBundle {
  /** `index.mjs` and `index.mjs.map`, named relative to the output directory. */
  files: { name: string; contents: Uint8Array }[];
  /** Absolute paths of every input the bundle read (for deciding what a change reloads). */
  inputs: string[];
}

/**
 * An incremental esbuild build of one Amplify function with the options Amplify's
 * `defineFunction` gives CDK's NodejsFunction: ESM, platform node, target from the
 * runtime, minified with a linked source map, `.node` files as files, the AWS SDK
 * bundled (no externals), Amplify's SSM banner and CJS shim.
 * @example
 * const bundler = await AmplifyFunctionBundler.create(esbuild, shims, { entry, runtime: 'nodejs22.x', minify: true, projectDir });
 * const { files, inputs } = await bundler.build();
 */
export class AmplifyFunctionBundler {
  private constructor(private readonly context: EsbuildContext, private readonly projectDir: string) {}

  static async create(esbuild: EsbuildApi, shims: AmplifyShims, spec: BundleSpec): Promise<AmplifyFunctionBundler> {
    const major = /^nodejs(\d+)/.exec(spec.runtime)?.[1];
    const context = await esbuild.context({
      entryPoints: [spec.entry],
      bundle: true,
      platform: 'node',
      target: major ? `node${major}` : undefined,
      format: 'esm',
      // Nothing is written here: each build goes to a new sibling directory, never over live code.
      outfile: path.join(spec.outBase, 'build', 'index.mjs'),
      write: false,
      minify: spec.minify,
      sourcemap: true,
      loader: { '.node': 'file' },
      banner: { js: shims.banner },
      inject: [shims.cjsShim],
      logLevel: 'silent',
      metafile: true,
      absWorkingDir: spec.projectDir,
    });
    return new AmplifyFunctionBundler(context, spec.projectDir);
  }

  async build(): Promise<BuiltBundle> {
    const result = await this.context.rebuild();
    const files = (result.outputFiles ?? []).map((file) => ({ name: path.basename(file.path), contents: file.contents }));
    const inputs = Object.keys(result.metafile?.inputs ?? {}).map((input) => path.resolve(this.projectDir, input));
    return { files, inputs };
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
  }
}
