import type { DataSourceConfig } from '../api/config';
import { MappingTemplateError } from '../errors';
import { requestObject, type DataSource, type DataSourceCall, type DataSourceOutcome } from './types';

interface HttpRequest {
  method?: string;
  resourcePath?: string;
  params?: { query?: Record<string, unknown>; headers?: Record<string, string>; body?: unknown };
}

/**
 * HTTP: `{ method, resourcePath, params: { query, headers, body } }` is sent to the
 * configured endpoint; `$ctx.result` is `{ statusCode, headers, body }` (body as text).
 */
export class HttpDataSource implements DataSource {
  constructor(private readonly config: DataSourceConfig) {}

  async invoke(call: DataSourceCall): Promise<DataSourceOutcome> {
    const request = requestObject(call.request, `The request to HTTP data source ${this.config.name}`) as HttpRequest;
    if (!request.method || !request.resourcePath) throw new MappingTemplateError(`HTTP data source ${this.config.name} needs method and resourcePath`);
    const url = new URL(request.resourcePath, this.config.http!.endpoint);
    for (const [name, value] of Object.entries(request.params?.query ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(v));
    }
    const body = request.params?.body;
    try {
      const response = await fetch(url, {
        method: request.method,
        headers: request.params?.headers,
        body: body === undefined || body === null ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return {
        result: { statusCode: response.status, headers: headerMap(response.headers), body: await response.text() },
        error: null,
      };
    } catch (error) {
      return { result: null, error: { type: 'HTTP', message: `${request.method} ${url.href} failed: ${(error as Error).message}` } };
    }
  }
}

function headerMap(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}
