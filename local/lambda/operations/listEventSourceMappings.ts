import { createHash } from 'node:crypto';
import { checkParameter, LambdaError } from '../errors';
import type { FunctionConfig } from '../function-config';
import type { LambdaOperation } from './types';

/** `GET /2015-03-31/event-source-mappings/` — the assembly's mappings, by function or event source, paginated by Marker. */
export const listEventSourceMappings: LambdaOperation = {
  name: 'ListEventSourceMappings',
  method: 'GET',
  path: /^\/2015-03-31\/event-source-mappings\/?$/,
  handle({ request, response, service, authorize }) {
    authorize('*');
    const query = request.url.searchParams;
    const given = query.get('MaxItems');
    const maxItems = given === null ? 100 : Number(given);
    if (!Number.isInteger(maxItems)) throw LambdaError.invalidParameter(`MaxItems must be an integer: ${given}`);
    checkParameter(maxItems, { type: 'integer', min: 1, max: 10_000 }, 'maxItems');
    const wanted = query.get('FunctionName');
    const wantedFunction = wanted ? service.findFunction(wanted).name : undefined;
    const source = query.get('EventSourceArn');
    const all = service
      .eventSourceMappings()
      .map((mapping) => ({ mapping, uuid: mappingUuid(mapping.logicalId), target: resolve(service.findFunction.bind(service), mapping.functionName) }))
      .filter(({ mapping, target }) => (!wantedFunction || target?.name === wantedFunction) && (!source || mapping.eventSourceArn === source))
      .sort((a, b) => a.uuid.localeCompare(b.uuid));
    const marker = query.get('Marker');
    const start = marker ? all.findIndex(({ uuid }) => uuid === marker) + 1 : 0;
    const page = all.slice(start, start + maxItems);
    const next = start + maxItems < all.length ? page[page.length - 1].uuid : undefined;
    const body = JSON.stringify({
      EventSourceMappings: page.map(({ mapping, uuid, target }) => ({
        UUID: uuid,
        EventSourceArn: mapping.eventSourceArn,
        FunctionArn: target?.arn ?? mapping.functionName,
        State: mapping.enabled ? 'Enabled' : 'Disabled',
        ...(typeof mapping.properties.BatchSize === 'number' && { BatchSize: mapping.properties.BatchSize }),
        ...(typeof mapping.properties.StartingPosition === 'string' && { StartingPosition: mapping.properties.StartingPosition }),
        StateTransitionReason: 'USER_INITIATED',
      })),
      NextMarker: next ?? null,
    });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  },
};

/** A stable UUID for a mapping of the assembly (AWS assigns one at creation). */
function mappingUuid(logicalId: string): string {
  const hex = createHash('sha256').update(`event-source-mapping:${logicalId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function resolve(find: (reference: string) => FunctionConfig, reference: string): FunctionConfig | undefined {
  try {
    return find(reference);
  } catch (error) {
    // A mapping may name a function the assembly does not define: listed with the name it gives.
    if (error instanceof LambdaError) return undefined;
    throw error;
  }
}
