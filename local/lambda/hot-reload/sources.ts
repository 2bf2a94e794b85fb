import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A bundle's own sources: the project files its source map names (dependencies excluded). */
export interface BundleSources {
  /** The bundle file (`index.mjs` or `index.js`). */
  bundle: string;
  /** Absolute paths of project source files the bundle was built from. */
  files: string[];
  /** Whether the bundle is minified (Amplify's default; `bundling.minify: false` turns it off). */
  minified: boolean;
}

/**
 * Reads which project files went into a function's bundle from its source map
 * (`index.mjs.map`, written next to the bundle by CDK's esbuild run). Paths in the map
 * are relative to the directory the bundle was built in; when the assembly was moved,
 * they are found again under the project directory by their path below it.
 */
export function bundleSources(codeDir: string, projectDir: string): BundleSources | undefined {
  const bundle = ['index.mjs', 'index.js'].map((name) => path.join(codeDir, name)).find((file) => existsSync(file));
  if (!bundle || !existsSync(`${bundle}.map`)) return undefined;
  let map: { sources?: string[]; sourceRoot?: string };
  try {
    map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as typeof map;
  } catch {
    return undefined;
  }
  const root = path.resolve(codeDir, map.sourceRoot ?? '');
  const files = new Set<string>();
  for (const source of map.sources ?? []) {
    if (source.includes('node_modules/') || source.startsWith('<')) continue;
    const direct = path.resolve(root, source);
    const relocated = path.join(projectDir, source.replace(/^(\.\.\/)+/, ''));
    const file = [direct, relocated].find((candidate) => candidate.startsWith(projectDir + path.sep) && existsSync(candidate) && statSync(candidate).isFile());
    if (file) files.add(file);
  }
  const text = readFileSync(bundle, 'utf8');
  const lines = text.split('\n').length;
  return { bundle, files: [...files], minified: text.length / lines > 500 };
}

/**
 * Which source is the bundle's entry point: the only one, the only `handler.*`, or the
 * only file in a folder named after the function (`amplify/functions/<name>/…`).
 */
export function entryOf(sources: string[], friendlyName: string | undefined): string | undefined {
  if (sources.length === 1) return sources[0];
  const handlers = sources.filter((file) => /^handler\.[cm]?[jt]sx?$/.test(path.basename(file)));
  if (handlers.length === 1) return handlers[0];
  if (friendlyName) {
    const own = (handlers.length > 0 ? handlers : sources).filter((file) => path.basename(path.dirname(file)) === friendlyName);
    if (own.length === 1) return own[0];
  }
  return undefined;
}
