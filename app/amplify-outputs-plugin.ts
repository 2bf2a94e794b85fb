/**
 * Serves amplify_outputs.json to the app as the module `@outputs`, and follows the file as it
 * comes and goes. On a fresh clone `npm run dev` starts Vite before the local cloud has written
 * the file: a plain alias would resolve to a missing file, Vite would keep that failure, and
 * every page would show an error overlay until a restart. Here a missing file is `null` (the
 * app shows that the backend is starting), and writing, replacing or removing the file reloads
 * the open pages with the new contents. A production build without the file fails, naming it.
 */
import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';

const MODULE_ID = '@outputs';
const RESOLVED_ID = '\0amplify-outputs';

/**
 * @example
 * plugins: [amplifyOutputs(path.join(root, 'amplify_outputs.json'))]
 */
export function amplifyOutputs(file: string): Plugin {
  let command: 'serve' | 'build' = 'serve';
  let watcher: FSWatcher | undefined;

  function reload(server: ViteDevServer): void {
    const module = server.moduleGraph.getModuleById(RESOLVED_ID);
    if (module) server.moduleGraph.invalidateModule(module);
    server.ws.send({ type: 'full-reload', path: '*' });
  }

  return {
    name: 'flare:amplify-outputs',
    enforce: 'pre',
    configResolved(config) {
      command = config.command;
    },
    resolveId(id) {
      return id === MODULE_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      if (!existsSync(file)) {
        if (command === 'build') {
          this.error(`${file} is missing: deploy the backend (npx ampx sandbox, or npx ampx generate outputs) or start the local cloud (npm run local) before building`);
        }
        return 'export default null;';
      }
      // Parsed here so that a half-written or hand-broken file is an error naming the file.
      const text = readFileSync(file, 'utf8');
      try {
        JSON.parse(text);
      } catch (error) {
        this.error(`${file} is not JSON: ${(error as Error).message}`);
      }
      return `export default ${text};`;
    },
    configureServer(server) {
      // The folder is watched rather than the file, which may not exist yet (and is replaced
      // by a rename when the local cloud writes it).
      let timer: NodeJS.Timeout | undefined;
      watcher = watch(path.dirname(file), (_event, name) => {
        if (name !== path.basename(file)) return;
        clearTimeout(timer);
        timer = setTimeout(() => reload(server), 50);
      });
      server.httpServer?.on('close', () => watcher?.close());
    },
    buildEnd() {
      if (command === 'build') watcher?.close();
    },
  };
}
