import type { LambdaOperation } from '../rest';
import { LambdaError } from '../errors';
import { functionConfiguration } from './function-configuration';

/** `GET /2015-03-31/functions/` — every function of the assembly, paginated by Marker. */
export const listFunctions: LambdaOperation = {
  name: 'ListFunctions',
  method: 'GET',
  path: /^\/2015-03-31\/functions\/?$/,
  handle({ request, response, service, authorize }) {
    authorize('lambda:ListFunctions', '*');
    const maxItems = Number(request.url.searchParams.get('MaxItems') ?? 50);
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10_000) {
      throw LambdaError.invalidParameter(`1 validation error detected: Value '${request.url.searchParams.get('MaxItems')}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000`);
    }
    const all = [...service.functions()].sort((a, b) => a.name.localeCompare(b.name));
    const marker = request.url.searchParams.get('Marker');
    const start = marker ? all.findIndex((config) => config.name === Buffer.from(marker, 'base64url').toString()) + 1 : 0;
    const page = all.slice(start, start + maxItems);
    const next = start + maxItems < all.length ? Buffer.from(page[page.length - 1].name).toString('base64url') : undefined;
    const body = JSON.stringify({ Functions: page.map(functionConfiguration), NextMarker: next ?? null });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  },
};
