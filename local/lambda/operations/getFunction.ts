import type { LambdaOperation } from './types';
import { functionConfiguration } from './function-configuration';

/** `GET /2015-03-31/functions/{FunctionName}` — configuration, tags and reserved concurrency. */
export const getFunction: LambdaOperation = {
  name: 'GetFunction',
  method: 'GET',
  path: /^\/2015-03-31\/functions\/(?<FunctionName>[^/]+)\/?$/,
  handle({ request, response, params, service, authorize }) {
    const qualifier = request.url.searchParams.get('Qualifier') ?? undefined;
    const config = service.findFunction(params.FunctionName, qualifier);
    authorize(config.arn);
    const body = JSON.stringify({
      Configuration: functionConfiguration(config),
      Tags: config.tags,
      ...(config.reservedConcurrency !== undefined ? { Concurrency: { ReservedConcurrentExecutions: config.reservedConcurrency } } : {}),
    });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  },
};
