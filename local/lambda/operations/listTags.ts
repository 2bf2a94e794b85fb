import type { LambdaOperation } from './types';

/** `GET /2017-03-31/tags/{ARN}` — the function's tags (Amplify's friendly name among them). */
export const listTags: LambdaOperation = {
  name: 'ListTags',
  method: 'GET',
  path: /^\/2017-03-31\/tags\/(?<ARN>[^/]+)\/?$/,
  handle({ response, params, service, authorize }) {
    const config = service.findFunction(params.ARN);
    authorize(config.arn);
    const body = JSON.stringify({ Tags: config.tags });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  },
};
