import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ViteDevServer } from 'vite';
import type { EdgeRequest } from '../edge';
import type { Logger } from '../reporter';
import type { ConsoleFiles } from './built-files';
import { CONSOLE_VITE_CONFIG } from './build';
import { ConsoleError } from './errors';

/**
 * The console's sources served through Vite in middleware mode, with hot reload (`npm run
 * dev`). Vite starts on the first request, in this process. Its HMR WebSocket shares the
 * edge's origin: the edge hands `/_flare/console/` upgrades to `upgrade()`.
 */
export class DevConsoleFiles implements ConsoleFiles {
  /** Stands in for the HTTP server Vite would listen on: it only hears upgrades we pass it. */
  private readonly upgrades = new EventEmitter();
  private vite?: Promise<ViteDevServer>;

  constructor(private readonly log: Logger) {}

  async serve(request: EdgeRequest, response: ServerResponse): Promise<void> {
    const vite = await this.start();
    await new Promise<void>((resolve, reject) => {
      response.on('finish', resolve);
      response.on('close', resolve);
      vite.middlewares(request.raw, response, (error?: unknown) => {
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else reject(ConsoleError.notFound(`File ${request.path}`));
      });
    });
  }

  /** An HMR WebSocket upgrade (protocol `vite-hmr`) for Vite. */
  upgrade(request: EdgeRequest, socket: Socket, head: Buffer): void {
    void this.start().then(
      () => this.upgrades.emit('upgrade', request.raw, socket, head),
      () => socket.destroy(),
    );
  }

  async close(): Promise<void> {
    const vite = await this.vite?.catch(() => undefined);
    await vite?.close();
  }

  private start(): Promise<ViteDevServer> {
    if (!this.vite) {
      this.vite = (async () => {
        const started = performance.now();
        const { createServer } = await import('vite');
        const server = await createServer({
          configFile: CONSOLE_VITE_CONFIG,
          appType: 'spa',
          clearScreen: false,
          logLevel: 'warn',
          server: { middlewareMode: true, ws: { server: this.upgrades as unknown as Server } },
        });
        this.log.done(`console served with hot reload (Vite started in ${Math.round(performance.now() - started)} ms)`);
        return server;
      })();
      this.vite.catch(() => (this.vite = undefined));
    }
    return this.vite;
  }
}
