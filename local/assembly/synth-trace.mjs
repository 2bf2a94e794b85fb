/**
 * Loaded with `--import` into the synth process: records every source file the backend
 * loads (ES modules through a resolve hook, CommonJS from require's cache), so that the
 * synth cache also notices changes to modules outside amplify/ (monorepos, shared code).
 * The list is written to FLARE_SYNTH_TRACE when the process exits.
 *
 * Plain JavaScript: it runs before any TypeScript loader is in place.
 */
import { writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';

const out = process.env.FLARE_SYNTH_TRACE;
if (out) {
  const files = new Set();
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (url) => files.add(url));
  port1.unref();
  const hooks = `data:text/javascript,${encodeURIComponent(`
    let port;
    export function initialize(data) { port = data.port; }
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      if (resolved.url.startsWith('file:')) port.postMessage(resolved.url);
      return resolved;
    }
  `)}`;
  register(hooks, { data: { port: port2 }, transferList: [port2] });
  const requireCache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const paths = new Set([...files].map((url) => fileURLToPath(url)));
    for (const file of Object.keys(requireCache)) paths.add(file);
    writeFileSync(out, JSON.stringify([...paths].filter((file) => !file.includes('/node_modules/')).sort()));
  });
}
