/**
 * Small helpers for wire-format tests of the edge: a raw HTTP request that returns
 * status, headers and body exactly as sent, and a reporter whose records a test reads.
 */
import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { Reporter, type LogRecord } from '../../../../local/reporter';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json(): Record<string, unknown>;
}

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  agent?: Agent;
}

/** Sends one HTTP request to `endpoint` and buffers the answer. */
export function send(endpoint: string, options: RawRequest = {}): Promise<RawResponse> {
  const url = new URL(options.path ?? '/', endpoint);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: options.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A reporter that keeps every record (all levels) for assertions. */
export function recordingReporter(): { reporter: Reporter; records: LogRecord[] } {
  const records: LogRecord[] = [];
  return { reporter: new Reporter({ level: 'debug', sinks: [(record) => records.push(record)] }), records };
}
