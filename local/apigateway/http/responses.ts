/**
 * How an HTTP API reads its Lambda integration's answer ("Lambda function response format"):
 * format 1.0 needs a `statusCode`; format 2.0 takes one, or infers a 200 JSON response from any
 * other valid JSON the function returns.
 */
import { HttpApiError } from '../errors';

export interface GatewayAnswer {
  statusCode: number;
  /** Header values by name (repeated ones as separate values). */
  headers: [string, string][];
  body: Buffer;
}

/** Headers a function may not set: the connection's own framing is the server's. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function statusOf(value: unknown): number | undefined {
  const status = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
}

/** A proxy response's headers, `headers` then `multiValueHeaders`, framing headers dropped. */
export function responseHeaders(response: Record<string, unknown>, multi: boolean): [string, string][] {
  const out: [string, string][] = [];
  const single = isObject(response.headers) ? response.headers : {};
  const multiple = multi && isObject(response.multiValueHeaders) ? response.multiValueHeaders : {};
  for (const [name, value] of Object.entries(single)) {
    if (FRAMING_HEADERS.has(name.toLowerCase()) || value === null || value === undefined) continue;
    if (Object.keys(multiple).some((key) => key.toLowerCase() === name.toLowerCase())) continue;
    out.push([name, String(value)]);
  }
  for (const [name, values] of Object.entries(multiple)) {
    if (FRAMING_HEADERS.has(name.toLowerCase()) || !Array.isArray(values)) continue;
    for (const value of values) out.push([name, String(value)]);
  }
  return out;
}

/** The body of a proxy response: text, or base64-decoded when the function says so. */
export function responseBody(response: Record<string, unknown>): Buffer | undefined {
  const body = response.body;
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body !== 'string') return undefined;
  return response.isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

function explicitAnswer(payload: Record<string, unknown>, format: '1.0' | '2.0'): GatewayAnswer {
  const statusCode = statusOf(payload.statusCode);
  if (statusCode === undefined) throw new HttpApiError(500, `the function returned statusCode ${JSON.stringify(payload.statusCode)}, which is not an HTTP status`);
  const body = responseBody(payload);
  if (!body) throw new HttpApiError(500, 'the function returned a body that is not a string');
  const headers = responseHeaders(payload, format === '1.0');
  if (format === '2.0' && Array.isArray(payload.cookies)) for (const cookie of payload.cookies) headers.push(['set-cookie', String(cookie)]);
  return { statusCode, headers, body };
}

/**
 * The client's answer for a function's result. Throws HttpApiError(500) when the result is
 * not a response API Gateway can read (its reason goes to the log).
 * @example
 * httpApiAnswer({ hello: 'world' }, '2.0'); // 200, content-type application/json, {"hello":"world"}
 */
export function httpApiAnswer(payload: unknown, format: '1.0' | '2.0'): GatewayAnswer {
  if (format === '1.0') {
    if (!isObject(payload)) throw new HttpApiError(500, `payload format 1.0 needs a response object with a statusCode; the function returned ${JSON.stringify(payload)?.slice(0, 200)}`);
    return explicitAnswer(payload, format);
  }
  if (isObject(payload) && payload.statusCode !== undefined) return explicitAnswer(payload, format);
  if (payload === undefined) throw new HttpApiError(500, 'the function returned nothing');
  // Format 2.0 infers a response from any other JSON: a string is the body as it is.
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body, 'utf8') };
}
