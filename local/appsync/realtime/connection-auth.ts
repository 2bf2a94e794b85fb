import type { IncomingHttpHeaders } from 'node:http';
import { RealtimeError } from './protocol';

/**
 * The auth headers a real-time client sends: base64url JSON in the
 * `header-<…>` subprotocol (aws-amplify v6), or base64 JSON in the `header`
 * query parameter (the older form, with `payload=e30=`).
 */
export function connectionHeaders(protocols: readonly string[], query: URLSearchParams): IncomingHttpHeaders {
  const fromProtocol = protocols.find((p) => p.startsWith('header-'));
  const encoded = fromProtocol?.slice('header-'.length) ?? query.get('header');
  if (!encoded) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
  } catch {
    throw new RealtimeError('BadRequestException', 'The connection header is not base64-encoded JSON', 400);
  }
  return lowerCaseHeaders(parsed);
}

/** Header objects from the client, as Node-style lowercase headers. */
export function lowerCaseHeaders(value: unknown): IncomingHttpHeaders {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: IncomingHttpHeaders = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') out[key.toLowerCase()] = item;
  return out;
}

/** Headers for `$ctx.request.headers`. */
export function plainHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
