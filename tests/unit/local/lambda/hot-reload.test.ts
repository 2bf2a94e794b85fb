import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloudAssembly } from '../../../../local/assembly';
import { loadAmplifyShims } from '../../../../local/lambda/hot-reload/amplify-bundler';
import { bundleSources, entryOf } from '../../../../local/lambda/hot-reload/sources';
import { readFunctions } from '../../../../local/lambda/function-config';

const projectDir = process.cwd();
const assembly = CloudAssembly.load({ dir: path.join(projectDir, '.amplify/local/cdk.out'), endpoint: 'http://127.0.0.1:4566', seed: 'unit' });
const amplifyFunctions = readFunctions(assembly).filter((f) => f.friendlyName && f.codeDir && f.runtime.startsWith('nodejs') && f.tags['created-by'] === 'amplify' && !f.handler.startsWith('amplify-table'));

describe('hot reload mirrors how Amplify bundles functions', () => {
  it('builds the SSM banner byte for byte as in the synthesized bundles', () => {
    // Prepare
    const { banner } = loadAmplifyShims(projectDir);

    // Assess: every Amplify function bundle of Flare's assembly starts with it
    expect(amplifyFunctions.length).toBeGreaterThan(0);
    for (const config of amplifyFunctions) {
      const bundle = readFileSync(path.join(config.codeDir!, 'index.mjs'), 'utf8');
      expect(bundle.slice(0, banner.length)).toBe(banner);
      expect(bundle[banner.length]).toBe('\n');
    }
  });

  it('finds each Amplify function’s own sources and entry from its source map', () => {
    for (const config of amplifyFunctions) {
      // Act
      const sources = bundleSources(config.codeDir!, projectDir)!;
      const entry = entryOf(sources.files.filter((f) => f.startsWith(path.join(projectDir, 'amplify'))), config.friendlyName);

      // Assess
      expect(sources.minified).toBe(true);
      expect(entry).toBe(path.join(projectDir, 'amplify', 'functions', config.friendlyName!, 'handler.ts'));
      expect(sources.files.every((file) => !file.includes('node_modules'))).toBe(true);
    }
  });

  it('a bundle lists the shared modules it imports (a change there reloads it)', () => {
    const escalate = amplifyFunctions.find((f) => f.friendlyName === 'escalate')!;
    const sources = bundleSources(escalate.codeDir!, projectDir)!;
    expect(sources.files).toContain(path.join(projectDir, 'amplify', 'domain', 'escalation.ts'));
  });
});

describe('entryOf', () => {
  it('is the only source, else the only handler.*, else the handler in the folder named after the function', () => {
    expect(entryOf(['/p/amplify/functions/a/main.ts'], 'a')).toBe('/p/amplify/functions/a/main.ts');
    expect(entryOf(['/p/amplify/functions/a/handler.ts', '/p/amplify/domain/x.ts'], 'a')).toBe('/p/amplify/functions/a/handler.ts');
    expect(entryOf(['/p/amplify/functions/a/handler.ts', '/p/amplify/functions/b/handler.ts'], 'b')).toBe('/p/amplify/functions/b/handler.ts');
    expect(entryOf(['/p/amplify/x.ts', '/p/amplify/y.ts'], 'z')).toBeUndefined();
  });
});
