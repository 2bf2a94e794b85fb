import { defaultClientConditions, defineConfig } from 'vite';
import path from 'node:path';
import { amplifyOutputs } from './amplify-outputs-plugin';

const root = path.resolve(import.meta.dirname, '..');

export default defineConfig({
  root: import.meta.dirname,
  // `@outputs` is amplify_outputs.json, generated at the repo root (by `ampx` or the local
  // cloud), followed as it appears and changes.
  plugins: [amplifyOutputs(path.join(root, 'amplify_outputs.json'))],
  // flare-local is a workspace of this repository: its sources, not a build of them.
  resolve: { conditions: ['flare-source', ...defaultClientConditions] },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    host: '127.0.0.1',
    fs: { allow: [root] },
  },
  preview: { host: '127.0.0.1' },
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      onwarn(warning, warn) {
        // Radix UI (inside Amplify UI) marks modules "use client"; meaningless for a SPA.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
