/**
 * An HTTP API's CORS configuration, applied as API Gateway documents it ("Configuring CORS for
 * an HTTP API"): preflights (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) are
 * answered by API Gateway itself, before routes and authorizers, even without an OPTIONS route;
 * other requests from an origin get the configured headers, and the integration's own CORS
 * headers are dropped.
 */
import type { Invocation } from '../invoke/request';
import type { CorsConfiguration } from './model';

/** Whether an origin matches an `allowOrigins` entry (`*`, an origin, or a pattern such as `https://*`). */
export function originAllowed(origin: string, allowOrigins: readonly string[]): boolean {
  const lower = origin.toLowerCase();
  return allowOrigins.some((entry) => {
    if (entry === '*') return true;
    const pattern = entry.toLowerCase().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    return new RegExp(`^${pattern}$`).test(lower);
  });
}

/** `Access-Control-Allow-Origin` for an allowed origin: `*` when every origin is allowed (and credentials are not), else the origin. */
function allowOriginValue(origin: string, cors: CorsConfiguration): string {
  return cors.allowOrigins.includes('*') && !cors.allowCredentials ? '*' : origin;
}

/** Whether the request is a CORS preflight API Gateway answers itself. */
export function isPreflight(invocation: Invocation, cors: CorsConfiguration | undefined): cors is CorsConfiguration {
  return cors !== undefined && invocation.method === 'OPTIONS' && invocation.header('origin') !== undefined && invocation.header('access-control-request-method') !== undefined;
}

/** The headers of API Gateway's answer (204) to a preflight: none when the origin, method or headers are not allowed. */
export function preflightHeaders(invocation: Invocation, cors: CorsConfiguration): [string, string][] {
  const origin = invocation.header('origin')!;
  const method = invocation.header('access-control-request-method')!.trim().toUpperCase();
  const requested = (invocation.header('access-control-request-headers') ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  if (!originAllowed(origin, cors.allowOrigins)) return [];
  if (!cors.allowMethods.includes('*') && !cors.allowMethods.includes(method)) return [];
  if (!cors.allowHeaders.includes('*') && requested.some((header) => !cors.allowHeaders.includes(header))) return [];
  const headers: [string, string][] = [['access-control-allow-origin', allowOriginValue(origin, cors)]];
  if (cors.allowCredentials) headers.push(['access-control-allow-credentials', 'true']);
  headers.push(['access-control-allow-methods', cors.allowMethods.includes('*') ? method : cors.allowMethods.join(',')]);
  if (cors.allowHeaders.length > 0) headers.push(['access-control-allow-headers', cors.allowHeaders.includes('*') ? requested.join(',') || '*' : cors.allowHeaders.join(',')]);
  if (cors.exposeHeaders.length > 0) headers.push(['access-control-expose-headers', cors.exposeHeaders.join(',')]);
  if (cors.maxAge !== undefined) headers.push(['access-control-max-age', String(cors.maxAge)]);
  return headers;
}

/**
 * A response's headers for a request from an origin: the integration's CORS headers replaced by
 * the configured ones (none when the origin is not allowed).
 */
export function withCorsHeaders(headers: [string, string][], invocation: Invocation, cors: CorsConfiguration | undefined): [string, string][] {
  const origin = invocation.header('origin');
  if (!cors || origin === undefined) return headers;
  const out = headers.filter(([name]) => !name.toLowerCase().startsWith('access-control-'));
  if (!originAllowed(origin, cors.allowOrigins)) return out;
  out.push(['access-control-allow-origin', allowOriginValue(origin, cors)]);
  if (cors.allowCredentials) out.push(['access-control-allow-credentials', 'true']);
  if (cors.exposeHeaders.length > 0) out.push(['access-control-expose-headers', cors.exposeHeaders.join(',')]);
  if (!cors.allowOrigins.includes('*') || cors.allowCredentials) out.push(['vary', 'Origin']);
  return out;
}
