import type { EdgeRequest } from '../edge';
import { ConsoleError } from './errors';

/**
 * Header every call to the console's local endpoints carries. A page of another origin
 * cannot send it without a CORS preflight, which the console never grants; `<img>`,
 * `<script>` and form posts cannot send it at all.
 */
export const CONSOLE_HEADER = 'x-flare-console';

/** Names of this machine the edge answers to (it binds loopback only). */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/**
 * The console's own request check, independent of any edge-wide policy: it hands out the
 * root credentials and can reset the cloud, so it answers only
 * - a `Host` that is this machine's loopback name on the edge's port (a DNS-rebinding page
 *   sends its own name), and
 * - an `Origin`, when the browser sends one, that is the console's own (another site, or the
 *   app on its dev port, is refused); and for the local endpoints, only calls carrying
 *   `x-flare-console` (so only scripts of an allowed origin can make them).
 * Throws ConsoleError (403) naming what was refused.
 */
export function checkConsoleRequest(request: EdgeRequest, port: number, endpointCall: boolean): void {
  const allowedHosts = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
  const host = (request.header('host') ?? '').toLowerCase();
  if (!allowedHosts.includes(host)) {
    throw ConsoleError.forbidden(`The console answers only on ${allowedHosts.join(', ')}; this request was for host '${host}'`);
  }
  const origin = request.header('origin');
  if (origin !== undefined && !allowedHosts.some((allowed) => origin.toLowerCase() === `http://${allowed}`)) {
    throw ConsoleError.forbidden(`The console answers only its own origin, not ${origin}`);
  }
  if (request.method === 'OPTIONS') throw ConsoleError.forbidden('The console grants no cross-origin access');
  if (endpointCall && request.header(CONSOLE_HEADER) !== '1') {
    throw ConsoleError.forbidden(`The console's local endpoints answer only the console (header ${CONSOLE_HEADER}: 1)`);
  }
}
