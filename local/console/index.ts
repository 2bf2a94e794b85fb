import type { EdgeRequest, EdgeRoute, EdgeUpgradeRoute, EdgeServer } from '../edge';
import { handleConsoleApi } from './api';
import { BuiltConsoleFiles, type ConsoleFiles } from './built-files';
import { DevConsoleFiles } from './dev-files';
import { ConsoleError } from './errors';
import { checkConsoleRequest } from './guard';
import { CONSOLE_API_PATH, CONSOLE_PATH, type ConsoleHost } from './host';

export interface ConsoleOptions {
  /** Serve the sources through Vite with hot reload (npm run dev) instead of the build. */
  hotReload?: boolean;
}

const isConsolePath = (path: string) => path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`);
const portOf = (edge: EdgeServer) => Number(new URL(edge.endpoint).port);

/**
 * Mounts the console on the edge: one route for everything under `/_flare/console` (its
 * pages, and its few local endpoints under `/api`), behind the console's own check of Host,
 * Origin and, for the endpoints, the `x-flare-console` header. The pages reach the services
 * through their AWS APIs on the same edge, signed with the root's credentials.
 * @example
 * const { unmount } = await mountConsole(host, { hotReload: false });
 */
export async function mountConsole(host: ConsoleHost, options: ConsoleOptions): Promise<{ unmount(): Promise<void> }> {
  const files: ConsoleFiles & Partial<Pick<DevConsoleFiles, 'upgrade'>> = options.hotReload ? new DevConsoleFiles(host.log) : new BuiltConsoleFiles(host.log);
  const port = portOf(host.edge);
  const route: EdgeRoute = {
    name: 'console',
    // The console answers its own origin only and never grants cross-origin access.
    cors: 'self',
    match: (request) => isConsolePath(request.path),
    handle: async (request, response) => {
      // Nothing of the console may be framed by another page (its buttons reset the cloud).
      response.setHeader('x-frame-options', 'DENY');
      response.setHeader('content-security-policy', "frame-ancestors 'none'");
      try {
        const endpointCall = request.path === CONSOLE_API_PATH || request.path.startsWith(`${CONSOLE_API_PATH}/`);
        checkConsoleRequest(request, port, endpointCall);
        if (endpointCall) return await handleConsoleApi(request, response, host);
        if (request.path === CONSOLE_PATH) {
          response.writeHead(308, { location: `${CONSOLE_PATH}/${request.url.search}` }).end();
          return;
        }
        await files.serve(request, response);
      } catch (error) {
        if (!(error instanceof ConsoleError)) throw error;
        if (!response.headersSent) error.send(response);
        else response.destroy();
      }
    },
  };
  host.edge.addRoute(route);
  if (files.upgrade) {
    const upgrade = files.upgrade.bind(files);
    const hmr: EdgeUpgradeRoute = {
      name: 'console hot reload',
      match: (request: EdgeRequest) => isConsolePath(request.path) && request.header('sec-websocket-protocol') === 'vite-hmr',
      handle: (request, socket, head) => {
        try {
          checkConsoleRequest(request, port, false);
        } catch (error) {
          if (!(error instanceof ConsoleError)) throw error;
          socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
          return;
        }
        upgrade(request, socket, head);
      },
    };
    host.edge.addUpgradeRoute(hmr);
  }
  return { unmount: () => files.close() };
}

export { CONSOLE_PATH, CONSOLE_API_PATH, type ConsoleHost } from './host';
export { CONSOLE_HEADER } from './guard';
export { RecentRecords } from './recent-records';
export { ResetUnavailableError } from './errors';
