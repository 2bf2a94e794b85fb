import type { LambdaOperation } from './types';
import { checkParameter, LambdaError } from '../errors';
import type { Execution } from '../types';

/** In the order of Lambda's model (and so of its message). */
const INVOCATION_TYPES = ['Event', 'RequestResponse', 'DryRun'] as const;
type InvocationType = (typeof INVOCATION_TYPES)[number];
/** `X-Amz-Log-Result` carries the last 4 KB of the invocation's log. */
const LOG_TAIL_BYTES = 4096;

/** `POST /2015-03-31/functions/{FunctionName}/invocations` */
export const invoke: LambdaOperation = {
  name: 'Invoke',
  action: 'lambda:InvokeFunction',
  method: 'POST',
  path: /^\/2015-03-31\/functions\/(?<FunctionName>[^/]+)\/invocations\/?$/,
  async handle({ request, response, params, body, service, authorize }) {
    const qualifier = request.url.searchParams.get('Qualifier') ?? undefined;
    const type = (request.header('x-amz-invocation-type') ?? 'RequestResponse') as InvocationType;
    checkParameter(type, { type: 'string', enum: INVOCATION_TYPES }, 'invocationType');
    const config = service.findFunction(params.FunctionName, qualifier);
    authorize(qualifier ? `${config.arn}:${qualifier}` : config.arn);
    const execution = await service.execute(config, body, {
      invocationType: type,
      requestId: request.requestId,
      source: 'Invoke API',
      clientContext: clientContextOf(request.header('x-amz-client-context')),
    });
    const headers: Record<string, string | number> = {};
    if (type === 'RequestResponse') {
      headers['content-type'] = 'application/json';
      headers['x-amz-executed-version'] = '$LATEST';
    }
    if (execution.functionError) headers['x-amz-function-error'] = execution.functionError;
    if (type === 'RequestResponse' && request.header('x-amz-log-type') === 'Tail') headers['x-amz-log-result'] = logTail(execution);
    const payload = execution.payload ?? '';
    headers['content-length'] = Buffer.byteLength(payload);
    response.writeHead(execution.statusCode, headers).end(payload);
  },
};

/** `X-Amz-Client-Context`: base64 JSON, handed to the handler as `context.clientContext`. */
function clientContextOf(header: string | undefined): unknown {
  if (!header) return undefined;
  try {
    return JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    throw new LambdaError('InvalidRequestContentException', 'Client context must be a valid Base64-encoded JSON object.', 400);
  }
}

function logTail(execution: Execution): string {
  const lines = [`START RequestId: ${execution.requestId} Version: $LATEST`, ...execution.logs, `END RequestId: ${execution.requestId}`];
  const text = Buffer.from(`${lines.join('\n')}\n`);
  return text.subarray(Math.max(0, text.length - LOG_TAIL_BYTES)).toString('base64');
}
