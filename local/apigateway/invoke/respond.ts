import type { ServerResponse } from 'node:http';

/**
 * Writes an answer: status, headers (repeated names kept, e.g. `set-cookie`), body. A response
 * whose client has gone is left alone.
 */
export function sendAnswer(response: ServerResponse, statusCode: number, headers: readonly (readonly [string, string])[], body: Buffer | string): void {
  if (response.headersSent || response.destroyed) return;
  const grouped = new Map<string, string[]>();
  const names = new Map<string, string>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    if (!names.has(key)) names.set(key, name);
    (grouped.get(key) ?? grouped.set(key, []).get(key)!).push(value);
  }
  for (const [key, values] of grouped) response.setHeader(names.get(key)!, values.length === 1 ? values[0] : values);
  // 204 and 304 carry no body (Node drops one), so no length either.
  const bodiless = statusCode === 204 || statusCode === 304;
  if (!bodiless) response.setHeader('content-length', Buffer.byteLength(body));
  response.writeHead(statusCode);
  response.end(bodiless ? undefined : body);
}
