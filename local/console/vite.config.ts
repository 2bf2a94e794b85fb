import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * The console's bundle: its own entry (`web/index.html`), served under `/_flare/console/`,
 * apart from any app's. Each page is its own chunk, loaded when opened.
 */
export default defineConfig({
  root: path.join(import.meta.dirname, 'web'),
  base: '/_flare/console/',
  plugins: [pageInfoPlugin()],
  oxc: { jsx: { runtime: 'automatic' } },
  logLevel: 'warn',
  build: {
    outDir: path.join(import.meta.dirname, 'dist', 'manual'),
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

/** The query the page registry imports page files with, to get only their `page` object. */
const PAGE_INFO_QUERY = 'page-info';

/**
 * Lets the console list its pages without loading them: importing `pages/x.tsx?page-info`
 * yields only the literal `export const page = { … }` of that file (title, services, order),
 * so the navigation is in the first bundle and each page's code stays in its own chunk,
 * loaded when opened. Adding a page is adding one file to `web/pages/`.
 *
 * The object must be a flat literal (strings, numbers, arrays of strings): it is copied,
 * not evaluated.
 */
function pageInfoPlugin(): Plugin {
  return {
    name: 'flare-console-page-info',
    enforce: 'pre',
    async load(id) {
      const [file, query] = id.split('?', 2);
      if (query !== PAGE_INFO_QUERY) return null;
      const source = await readFile(file, 'utf8');
      const found = /export const page\s*=\s*(\{[^{}]*\})/.exec(source);
      if (!found) this.error(`${file}: a console page must export \`const page = { title, services, order }\` as a flat object literal`);
      return `export default ${found[1]};`;
    },
  };
}
