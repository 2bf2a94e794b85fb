/**
 * The wire, for tests where it is the point: raw HTTP requests with any headers (a foreign
 * Host or Origin, bytes no client would send), SigV4-signed ones, and the check each hostile
 * case ends with: the cloud still answers a normal request.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { expect } from 'vitest';
import { ROOT } from '../helpers/cloud';

export interface WireResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

export interface WireRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** One HTTP request to the edge, headers exactly as given (Host included, when given). */
export function send(endpoint: string, options: WireRequest = {}): Promise<WireResponse> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers, setHost: !options.headers?.host }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Bytes written straight to the socket (request lines no HTTP client would form); the raw answer. */
export function sendRaw(endpoint: string, bytes: string | Buffer): Promise<string> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let text = '';
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve(text) : reject(error)));
    socket.end(bytes);
  });
}

/** A request signed with SigV4 for `service`, as the SDK would sign it, the root's keys unless given. */
export async function signed(
  endpoint: string,
  service: string,
  options: WireRequest & { host?: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } } = {},
): Promise<WireRequest> {
  const url = new URL(endpoint);
  // S3 signs the path as sent; the other services their normalized, double-encoded path.
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials: options.credentials ?? ROOT, sha256: Sha256, uriEscapePath: service !== 's3' });
  const [path, query = ''] = (options.path ?? '/').split('?');
  const request = await signer.sign({
    method: options.method ?? 'POST',
    protocol: 'http:',
    hostname: options.host ?? url.hostname,
    port: options.host ? undefined : Number(url.port),
    path,
    query: Object.fromEntries(new URLSearchParams(query)),
    headers: { host: options.host ?? url.host, ...(options.headers ?? {}) },
    body: options.body,
  });
  // The query as signed (RFC 3986 encoding, as the SDK sends it), so that the signature holds.
  const signedQuery = Object.entries(request.query ?? {}).map(([key, value]) => `${rfc3986(key)}=${rfc3986(String(value))}`).join('&');
  return { method: request.method, path: signedQuery ? `${path}?${signedQuery}` : path, headers: request.headers as Record<string, string>, body: options.body };
}

const rfc3986 = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The local cloud still serves a normal request: a DynamoDB ListTables signed by the root. */
export async function assertStillServes(endpoint: string): Promise<void> {
  const request = await signed(endpoint, 'dynamodb', {
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
    body: '{}',
  });
  const answer = await send(endpoint, request);
  expect(answer.status, `a normal request after the hostile one: ${answer.text}`).toBe(200);
}

/** What every hostile case must get: a 4xx the service typed (or `allowed` statuses it documents), never a 5xx. */
export function expectTyped(answer: WireResponse, context: string, allowed: readonly number[] = []): void {
  if (allowed.includes(answer.status)) return;
  expect(answer.status, `${context}: ${answer.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${context}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
}
