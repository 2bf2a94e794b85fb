import type { LambdaOperation } from './types';
import { checkParameter, LambdaError } from '../errors';
import { functionConfiguration } from './function-configuration';

/** `GET /2015-03-31/functions/` — every function of the assembly, paginated by Marker. */
export const listFunctions: LambdaOperation = {
  name: 'ListFunctions',
  method: 'GET',
  path: /^\/2015-03-31\/functions\/?$/,
  handle({ request, response, service, authorize }) {
    authorize('*');
    const given = request.url.searchParams.get('MaxItems');
    const maxItems = given === null ? 50 : Number(given);
    if (!Number.isInteger(maxItems)) throw LambdaError.invalidParameter(`MaxItems must be an integer: ${given}`);
    checkParameter(maxItems, { type: 'integer', min: 1, max: 10_000 }, 'maxItems');
    const all = [...service.functions()].sort((a, b) => a.name.localeCompare(b.name));
    const marker = request.url.searchParams.get('Marker');
    const start = marker ? all.findIndex((config) => config.name === Buffer.from(marker, 'base64url').toString()) + 1 : 0;
    const page = all.slice(start, start + maxItems);
    const next = start + maxItems < all.length ? Buffer.from(page[page.length - 1].name).toString('base64url') : undefined;
    const body = JSON.stringify({ Functions: page.map(functionConfiguration), NextMarker: next ?? null });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  },
};
