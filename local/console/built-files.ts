import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { EdgeRequest } from '../edge';
import type { Logger } from '../reporter';
import { ensureConsoleBuilt } from './build';
import { ConsoleError } from './errors';
import { CONSOLE_PATH } from './host';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** How the console's pages and assets are served: built files, or Vite with hot reload. */
export interface ConsoleFiles {
  serve(request: EdgeRequest, response: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

/**
 * The built console (`dist/<hash>/`, built on first use). Hashed assets are cached for a
 * year; `index.html` is revalidated, so a rebuilt console is picked up on reload.
 */
export class BuiltConsoleFiles implements ConsoleFiles {
  private built?: Promise<string>;

  constructor(private readonly log: Logger) {}

  async serve(request: EdgeRequest, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new ConsoleError('MethodNotAllowedException', `The console's files answer GET and HEAD, not ${request.method}`, 405);
    const dir = await this.buildOnce();
    const relative = request.path.slice(CONSOLE_PATH.length + 1);
    const file = path.resolve(dir, relative === '' ? 'index.html' : relative);
    if (!file.startsWith(`${dir}${path.sep}`)) throw ConsoleError.notFound(`File ${request.path}`);
    const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (!info?.isFile()) throw ConsoleError.notFound(`File ${request.path}`);
    const immutable = relative.startsWith('assets/');
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      createReadStream(file).on('error', reject).pipe(response).on('finish', resolve).on('error', reject);
    });
  }

  async close(): Promise<void> {}

  private buildOnce(): Promise<string> {
    if (!this.built) {
      this.built = ensureConsoleBuilt(this.log);
      // A failed build is retried on the next request (after the sources are fixed).
      this.built.catch(() => (this.built = undefined));
    }
    return this.built;
  }
}
