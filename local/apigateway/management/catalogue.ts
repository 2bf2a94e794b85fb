/**
 * Every operation of the API Gateway management APIs (v1 `apigateway`, v2 `apigatewayv2`) with
 * its HTTP method and path, read from the AWS SDK's own operation schemas, so that a request is
 * named by the operation AWS would run for it: implemented ones are answered, the others say
 * which operation they are and that the local cloud does not implement it.
 */
import { createRequire } from 'node:module';

export interface CatalogueEntry {
  api: 'v1' | 'v2';
  name: string;
  method: string;
  /** Matches the path; its groups are the path's labels (`restApiId`, `ApiId`…). */
  path: RegExp;
  /** Literal segments, for preferring `/restapis/{id}/stages` over `/restapis/{id}/{anything}`-like templates. */
  literals: number;
}

const require = createRequire(import.meta.url);

function entriesOf(module: Record<string, unknown>, api: 'v1' | 'v2'): CatalogueEntry[] {
  const out: CatalogueEntry[] = [];
  for (const [exported, schema] of Object.entries(module)) {
    // An operation schema: [9, namespace, name, { http: [method, path, status] }, input, output].
    if (!exported.endsWith('$') || !Array.isArray(schema) || schema[0] !== 9) continue;
    const http = (schema[3] as { http?: [string, string, number] } | undefined)?.http;
    if (!http || typeof schema[2] !== 'string') continue;
    const [method, template] = http;
    const pathOnly = template.split('?')[0];
    let literals = 0;
    const source = pathOnly
      .split('/')
      .map((part) => {
        const label = /^\{([A-Za-z_]+)(\+?)\}$/.exec(part);
        if (!label) {
          literals++;
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        }
        return label[2] ? `(?<${label[1]}>.+)` : `(?<${label[1]}>[^/]+)`;
      })
      .join('/');
    out.push({ api, name: schema[2], method, path: new RegExp(`^${source}/?$`), literals });
  }
  // Most literal segments first: `/restapis/{id}/stages` before `/restapis/{id}/{other}`.
  return out.sort((a, b) => b.literals - a.literals);
}

/**
 * The operations of both management APIs, read from the SDK clients on first use (they are not
 * loaded at start).
 * @example
 * new ManagementCatalogue().find('GET', '/restapis/abc/stages'); // { entry: { name: 'GetStages', api: 'v1', … }, params: { restApiId: 'abc' } }
 */
export class ManagementCatalogue {
  private entries?: CatalogueEntry[];

  /** The operation a request names, with its path labels (decoded). */
  find(method: string, path: string): { entry: CatalogueEntry; params: Record<string, string> } | undefined {
    this.entries ??= [
      ...entriesOf(require('@aws-sdk/client-api-gateway') as Record<string, unknown>, 'v1'),
      ...entriesOf(require('@aws-sdk/client-apigatewayv2') as Record<string, unknown>, 'v2'),
    ];
    for (const entry of this.entries) {
      if (entry.method !== method) continue;
      const match = entry.path.exec(path);
      if (!match) continue;
      try {
        return { entry, params: Object.fromEntries(Object.entries(match.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)])) };
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
}
