/**
 * JsonProtocolService: the shared machinery of AWS JSON-protocol services, driven
 * over the wire through a real edge (parse → authenticate → dispatch → serialize).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EdgeServer, JsonProtocolService, JsonServiceError, type JsonOperation } from '../../../../local/edge';
import type { JsonCall } from '../../../../local/edge/json-protocol';
import { recordingReporter, send, type RawResponse } from './helpers';

const PREFIX = 'Widgets_20260101';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** An error with members beside `__type` and `message`, as DynamoDB's TransactionCanceledException has. */
class CancelledError extends JsonServiceError {
  constructor(readonly reasons: { Code: string }[]) {
    super('TransactionCanceledException', 'Transaction cancelled');
  }

  override bodyFields(): Record<string, unknown> {
    return { CancellationReasons: this.reasons };
  }
}

let edge: EdgeServer;
let endpoint: string;
let calls: { input: Record<string, unknown>; call: JsonCall }[];

const operations: Record<string, JsonOperation> = {
  Echo: (input, call) => {
    calls.push({ input, call });
    return { echoed: input };
  },
  Nothing: () => undefined,
  Missing: () => {
    throw new JsonServiceError('ResourceNotFoundException', 'Requested resource not found');
  },
  Throttle: () => {
    throw new JsonServiceError('ThrottlingException', 'Rate exceeded', 429);
  },
  Qualified: () => {
    throw new JsonServiceError('com.amazon.coral.validate#ValidationException', 'already namespaced');
  },
  Cancel: () => {
    throw new CancelledError([{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }]);
  },
  Crash: () => {
    throw new RangeError('a local-cloud bug');
  },
};

async function start(options: Partial<ConstructorParameters<typeof JsonProtocolService>[0]> = {}): Promise<void> {
  const { reporter } = recordingReporter();
  edge = new EdgeServer(reporter);
  const service = new JsonProtocolService({
    name: 'widgets',
    targetPrefixes: [PREFIX],
    contentType: CONTENT_TYPE,
    operations,
    log: reporter.for('widgets'),
    ...options,
  });
  edge.addRoute(service.route());
  endpoint = await edge.listen(0);
}

const call = (operation: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> =>
  send(endpoint, { method: 'POST', headers: { 'x-amz-target': `${PREFIX}.${operation}`, 'content-type': CONTENT_TYPE, ...headers }, body });

beforeEach(() => {
  calls = [];
});
afterEach(async () => {
  await edge.close();
});

describe('serialization', () => {
  beforeEach(() => start());

  it('passes the parsed body to the operation and answers its result as JSON in the service\'s content type', async () => {
    const answer = await call('Echo', JSON.stringify({ TableName: 'T', Limit: 3 }));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(CONTENT_TYPE);
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.text));
    expect(answer.json()).toEqual({ echoed: { TableName: 'T', Limit: 3 } });
    expect(calls[0].call.requestId).toBe(answer.headers['x-amzn-requestid']);
    expect(calls[0].call.request.target).toEqual({ prefix: PREFIX, operation: 'Echo' });
  });

  it('an empty body is an empty input, and an operation returning nothing answers {}', async () => {
    await call('Echo', '');
    expect(calls[0].input).toEqual({});
    const answer = await call('Nothing', '{}');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{}');
  });

  it('malformed JSON is a 400 SerializationException', async () => {
    const answer = await call('Echo', '{"TableName": ');
    expect(answer.status).toBe(400);
    expect(answer.headers['x-amzn-errortype']).toBe('SerializationException');
    expect(answer.json()).toEqual({ __type: 'SerializationException', message: 'Request body is not valid JSON' });
    expect(calls).toHaveLength(0);
  });

  it('a body nested deeper than 1,000 levels is a SerializationException before it is parsed; 1,000 levels are read', async () => {
    const deep = (levels: number) => `{"Deep":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    const refused = await call('Echo', deep(1001));
    expect(refused.status).toBe(400);
    expect(refused.json()).toEqual({ __type: 'SerializationException', message: 'Request body nests deeper than 1000 levels' });
    expect(calls).toHaveLength(0);
    expect((await call('Echo', deep(1000))).status).toBe(200);
    // Brackets inside strings do not count.
    expect((await call('Echo', JSON.stringify({ Text: '['.repeat(5000) }))).status).toBe(200);
  });

  it('a body that is JSON but not an object is a SerializationException', async () => {
    for (const body of ['[1,2]', 'null', '42', '"text"', 'true']) {
      const answer = await call('Echo', body);
      expect(answer.status, body).toBe(400);
      expect(answer.json().__type, body).toBe('SerializationException');
    }
    expect(calls).toHaveLength(0);
  });

  it('only POSTs with one of the service\'s target prefixes reach it', async () => {
    const get = await send(endpoint, { method: 'GET', headers: { 'x-amz-target': `${PREFIX}.Echo` } });
    expect(get.status).toBe(400);
    expect(get.json().__type).toBe('UnknownOperationException');
    const other = await send(endpoint, { method: 'POST', headers: { 'x-amz-target': 'Gadgets_20260101.Echo' }, body: '{}' });
    expect(other.json()).toEqual({ __type: 'UnknownOperationException', message: 'The local cloud does not serve Gadgets_20260101.Echo' });
    expect(calls).toHaveLength(0);
  });
});

describe('validation', () => {
  it('an unknown operation of the service is UnknownOperationException naming it', async () => {
    await start();
    for (const operation of ['DescribeWidgets', 'toString', 'constructor', '']) {
      const answer = await call(operation, '{}');
      expect(answer.status, operation).toBe(400);
      expect(answer.headers['x-amzn-errortype']).toBe('UnknownOperationException');
      expect(answer.json(), operation).toEqual({ __type: 'UnknownOperationException', message: `Operation ${operation} is not supported by the local widgets` });
    }
  });

  it('a body over the limit is 413 RequestEntityTooLargeException, and the service keeps serving', async () => {
    await start({ bodyLimit: 1024 });
    const answer = await call('Echo', JSON.stringify({ blob: 'x'.repeat(4096) }));
    expect(answer.status).toBe(413);
    expect(answer.json()).toEqual({ __type: 'RequestEntityTooLargeException', message: 'Request body exceeds the limit of 1024 bytes' });
    expect(calls).toHaveLength(0);
    expect((await call('Echo', JSON.stringify({ small: true }))).status).toBe(200);
  });

  it('an authenticate hook runs before the operation; what it returns is the principal, what it throws is the answer', async () => {
    const seen: { operation: string; body: string }[] = [];
    await start({
      authenticate: (request, body, operation) => {
        seen.push({ operation, body: body.toString('utf8') });
        if (request.header('authorization') !== 'let-me-in') throw new JsonServiceError('UnrecognizedClientException', 'The security token included in the request is invalid.');
        return { accountId: '000000000000' };
      },
    });
    const refused = await call('Echo', '{"a":1}');
    expect(refused.status).toBe(400);
    expect(refused.json()).toEqual({ __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    expect(calls).toHaveLength(0);
    expect(seen).toEqual([{ operation: 'Echo', body: '{"a":1}' }]);

    const allowed = await call('Echo', '{"a":1}', { authorization: 'let-me-in' });
    expect(allowed.status).toBe(200);
    expect(calls[0].call.principal).toEqual({ accountId: '000000000000' });
  });

  it('an authenticate hook that fails with anything but a JsonServiceError is a 500, not an auth answer', async () => {
    await start({ authenticate: () => { throw new Error('verifier crashed'); } });
    const answer = await call('Echo', '{}');
    expect(answer.status).toBe(500);
    expect(answer.json().__type).toBe('InternalFailure');
  });
});

describe('errors on the wire', () => {
  it('a JsonServiceError owns its status, x-amzn-ErrorType and { __type, message }', async () => {
    await start();
    const missing = await call('Missing', '{}');
    expect(missing.status).toBe(400);
    expect(missing.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    expect(missing.headers['content-type']).toBe(CONTENT_TYPE);
    expect(missing.json()).toEqual({ __type: 'ResourceNotFoundException', message: 'Requested resource not found' });
    const throttled = await call('Throttle', '{}');
    expect(throttled.status).toBe(429);
    expect(throttled.json()).toEqual({ __type: 'ThrottlingException', message: 'Rate exceeded' });
  });

  it('a string errorTypePrefix namespaces every __type, DynamoDB-style; a type already namespaced is kept', async () => {
    await start({ errorTypePrefix: 'com.amazonaws.dynamodb.v20120810' });
    expect((await call('Missing', '{}')).json().__type).toBe('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException');
    expect((await call('Nope', '{}')).json().__type).toBe('com.amazonaws.dynamodb.v20120810#UnknownOperationException');
    expect((await call('Qualified', '{}')).json().__type).toBe('com.amazon.coral.validate#ValidationException');
  });

  it('a function errorTypePrefix picks the namespace per type, and may pick none', async () => {
    const coral = new Set(['SerializationException', 'UnknownOperationException']);
    await start({ errorTypePrefix: (type) => (coral.has(type) ? 'com.amazon.coral.service' : type === 'ThrottlingException' ? undefined : 'com.amazonaws.dynamodb.v20120810') });
    expect((await call('Echo', '{oops')).json().__type).toBe('com.amazon.coral.service#SerializationException');
    expect((await call('Nope', '{}')).json().__type).toBe('com.amazon.coral.service#UnknownOperationException');
    const missing = await call('Missing', '{}');
    expect(missing.json().__type).toBe('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException');
    // The header carries the bare type, whatever the namespace.
    expect(missing.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    expect((await call('Throttle', '{}')).json().__type).toBe('ThrottlingException');
  });

  it('bodyFields add members beside __type and message', async () => {
    await start({ errorTypePrefix: 'com.amazonaws.dynamodb.v20120810' });
    const answer = await call('Cancel', '{}');
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({
      __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
      message: 'Transaction cancelled',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    });
  });

  it('wireType and bodyFields work on their own', () => {
    const error = new JsonServiceError('ValidationException', 'bad');
    expect(error.wireType()).toBe('ValidationException');
    expect(error.wireType('ns')).toBe('ns#ValidationException');
    expect(error.wireType(() => undefined)).toBe('ValidationException');
    expect(error.wireType((type) => `ns.${type.length}`)).toBe('ns.19#ValidationException');
    expect(error.bodyFields()).toEqual({});
    expect(error.statusCode).toBe(400);
    expect(error.name).toBe('ValidationException');
  });

  it('any other error from an operation is a 500 InternalFailure and the service keeps serving', async () => {
    await start();
    const answer = await call('Crash', '{}');
    expect(answer.status).toBe(500);
    expect(answer.json()).toEqual({ __type: 'InternalFailure', message: 'The local cloud failed to handle this request (a local-cloud bug)' });
    expect((await call('Echo', '{}')).status).toBe(200);
  });
});
