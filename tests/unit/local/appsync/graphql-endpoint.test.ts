import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

const asKey = () => ({ 'x-api-key': h.apiKey });

describe('serialization', () => {
  it('answers a query with { data } and no errors key', async () => {
    const { status, headers, json } = await h.post({ query: '{ echo(msg: "hi") }' }, asKey());
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(json).toEqual({ data: { echo: JSON.stringify({ msg: 'hi' }) } });
  });

  it('an empty body is 400 MalformedHttpRequestException "Request body is empty."', async () => {
    const { status, headers, json } = await h.post('', asKey());
    expect(status).toBe(400);
    expect(headers.get('x-amzn-errortype')).toBe('MalformedHttpRequestException');
    expect(json).toEqual({ errors: [{ errorType: 'MalformedHttpRequestException', message: 'Request body is empty.' }] });
  });

  it.each(['meow', '{}', '[]', '{"query": 3}'])('a body of %s is 400 "Unable to parse GraphQL query."', async (body) => {
    const { status, json } = await h.post(body, asKey());
    expect(status).toBe(400);
    expect(json).toEqual({ errors: [{ errorType: 'MalformedHttpRequestException', message: 'Unable to parse GraphQL query.' }] });
  });

  it('a body over the request limit is refused with 413 and the edge keeps serving', async () => {
    const big = JSON.stringify({ query: `{ echo(msg: "${'x'.repeat(1024 * 1024)}") }` });
    const { status, json } = await h.post(big, asKey());
    expect(status).toBe(413);
    expect(json.errors[0].errorType).toBe('PayloadTooLargeException');
    expect((await h.post({ query: '{ echo(msg: "after") }' }, asKey())).status).toBe(200);
  });

  it('GET runs a query from the query string', async () => {
    const url = `${h.endpoint}/graphql?query=${encodeURIComponent('{ echo(msg: "get") }')}`;
    const response = await fetch(url, { headers: asKey() });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { echo: JSON.stringify({ msg: 'get' }) } });
  });

  it('GET never runs a mutation (a link or an image tag could): 405, and nothing is written', async () => {
    const calls = h.dynamodb.calls.length;
    for (const document of ['mutation { putNote(id: "via-get", text: "x") { id } }', 'query Q { echo(msg: "q") } mutation M { putNote(id: "via-get") { id } }']) {
      const operationName = document.startsWith('query') ? '&operationName=M' : '';
      const response = await fetch(`${h.endpoint}/graphql?query=${encodeURIComponent(document)}${operationName}`, { headers: asKey() });
      expect(response.status).toBe(405);
      expect(await response.json()).toEqual({ errors: [{ errorType: 'MethodNotAllowedException', message: 'A mutation must be sent with POST; GET runs queries only.' }] });
    }
    expect(h.dynamodb.calls.length).toBe(calls);
  });

  it('other methods are refused', async () => {
    const response = await fetch(`${h.endpoint}/graphql`, { method: 'PUT', headers: asKey(), body: '{}' });
    expect(response.status).toBe(405);
  });
});

describe('validation', () => {
  it('an unknown field is a 200 with graphql-java wording and no data', async () => {
    const { status, json } = await h.post({ query: '{badfield}' }, asKey());
    expect(status).toBe(200);
    expect(json).toEqual({
      data: null,
      errors: [{ path: null, locations: [{ line: 1, column: 2, sourceName: null }], message: "Validation error of type FieldUndefined: Field 'badfield' in type 'Query' is undefined @ 'badfield'" }],
    });
  });

  it('a nested unknown field names its path', async () => {
    const { json } = await h.post({ query: '{ getNote(id: "1") { nope } }' }, asKey());
    expect(json.errors[0].message).toBe("Validation error of type FieldUndefined: Field 'nope' in type 'Note' is undefined @ 'getNote/nope'");
  });

  it('a missing non-null variable is reported as graphql-java does', async () => {
    const { json } = await h.post({ query: 'query Q($id: ID!) { getNote(id: $id) { id } }', variables: {} }, asKey());
    expect(json).toEqual({ data: null, errors: [{ path: null, locations: [{ line: 1, column: 9, sourceName: null }], message: "Variable 'id' has coerced Null value for NonNull type 'ID!'" }] });
  });

  it('a syntax error is reported, not thrown', async () => {
    const { status, json } = await h.post({ query: '{ echo(' }, asKey());
    expect(status).toBe(200);
    expect(json.data).toBeNull();
    expect(json.errors[0].message).toMatch(/^Invalid Syntax : /);
  });

  it('AWS scalars are validated on input', async () => {
    const ok = await h.post({
      query: 'query($w: AWSDateTime, $ip: AWSIPAddress, $j: AWSJSON, $d: AWSDate, $t: AWSTime, $e: AWSEmail, $u: AWSURL, $p: AWSPhone, $ts: AWSTimestamp) { echo(when: $w, ip: $ip, json: $j, day: $d, at: $t, email: $e, url: $u, phone: $p, ts: $ts) }',
      variables: { w: '2026-01-02T03:04:05.123Z', ip: '10.0.0.0/8', j: '{"a":[1,2]}', d: '2026-02-28', t: '12:30:00+01:00', e: 'a@b.example', u: 'https://example.com/x', p: '+1 555-010-0000', ts: 1700000000 },
    }, asKey());
    expect(ok.json.errors).toBeUndefined();
    // AWSJSON arrives parsed in the resolver.
    expect(JSON.parse(ok.json.data.echo).json).toEqual({ a: [1, 2] });
    for (const [name, type, value] of [
      ['w', 'AWSDateTime', '2026-01-02T03:04:05'],
      ['w', 'AWSDateTime', '2026-02-30T00:00:00Z'],
      ['w', 'AWSDateTime', '2026-02-29T00:00:00Z'],
      ['d', 'AWSDate', '2100-02-29'],
      ['d', 'AWSDate', '2026-04-31'],
      ['d', 'AWSDate', '2026-00-10'],
      ['ip', 'AWSIPAddress', '300.1.1.1'],
      ['j', 'AWSJSON', '{not json'],
      ['d', 'AWSDate', '2026-13-01'],
      ['e', 'AWSEmail', 'not-an-email'],
      ['u', 'AWSURL', 'example.com'],
    ] as const) {
      const bad = await h.post({ query: `query($${name}: ${type}) { echo(${({ w: 'when', ip: 'ip', j: 'json', d: 'day', e: 'email', u: 'url' } as Record<string, string>)[name]}: $${name}) }`, variables: { [name]: value } }, asKey());
      expect(bad.json.errors?.length, `${type} ${value}`).toBe(1);
      expect(bad.json.data ?? null).toBeNull();
    }
  });

  it('an AWSJSON value nested past the JSON depth limit is an input error naming the scalar, and the endpoint keeps serving', async () => {
    for (const depth of [1_001, 200_000]) {
      const { status, json } = await h.post({ query: 'query($j: AWSJSON) { echo(json: $j) }', variables: { j: `${'['.repeat(depth)}${']'.repeat(depth)}` } }, asKey());
      expect(status, `${depth} levels`).toBe(200);
      expect(json.errors, `${depth} levels`).toHaveLength(1);
      expect(json.errors[0].message).toContain('AWSJSON');
      expect(json.data ?? null).toBeNull();
    }
    const ok = await h.post({ query: 'query($j: AWSJSON) { echo(json: $j) }', variables: { j: `${'['.repeat(1_000)}${']'.repeat(1_000)}` } }, asKey());
    expect(ok.json.errors).toBeUndefined();
  });

  it('leap days exist in leap years only (every fourth year, centuries only every fourth)', async () => {
    for (const [day, valid] of [['2028-02-29', true], ['2000-02-29', true], ['2026-02-29', false], ['1900-02-29', false], ['2026-12-31', true]] as const) {
      const { json } = await h.post({ query: 'query($d: AWSDate) { echo(day: $d) }', variables: { d: day } }, asKey());
      expect(json.errors === undefined, day).toBe(valid);
    }
  });

  it('an invalid AWS scalar from a resolver is a field error, the rest of the data stays', async () => {
    const { json } = await h.post({ query: '{ badDate echo(msg: "ok") }' }, asKey());
    expect(json.data).toEqual({ badDate: null, echo: JSON.stringify({ msg: 'ok' }) });
    expect(json.errors[0].path).toEqual(['badDate']);
  });
});

describe('functionality', () => {
  it('runs a unit resolver on DynamoDB and a pipeline that shares the stash and passes prev.result', async () => {
    const put = await h.post({ query: 'mutation { putNote(id: "n1", text: "hello") { id text } }' }, asKey());
    expect(put.json).toEqual({ data: { putNote: { id: 'n1', text: 'hello' } } });
    expect(h.dynamodb.items.get('n1')).toEqual({ id: { S: 'n1' }, text: { S: 'hello' } });
    const got = await h.post({ query: '{ getNote(id: "n1") { id text } }' }, asKey());
    expect(got.json).toEqual({ data: { getNote: { id: 'n1', text: 'hello' } } });
    const info = await h.post({ query: 'mutation { putNote(id: "n1", text: "again") { id } }' }, asKey());
    expect(info.json.errors).toBeUndefined();
  });

  it('the second pipeline function sees the stash and prev.result of the first', async () => {
    const { json } = await h.post({ query: 'mutation { putNote(id: "n2", text: "x") { id text stashed calls } }' }, asKey());
    expect(json).toEqual({ data: { putNote: { id: 'n2', text: 'x', stashed: 'before', calls: 1 } } });
  });

  it('util.error fails the field with errorType, data and errorInfo; siblings still resolve', async () => {
    const { json } = await h.post({ query: '{ fails echo(msg: "still") }' }, asKey());
    expect(json).toEqual({
      data: { fails: null, echo: JSON.stringify({ msg: 'still' }) },
      errors: [{ path: ['fails'], data: { a: 1 }, errorType: 'Custom', errorInfo: { b: 2 }, locations: [{ line: 1, column: 3, sourceName: null }], message: 'boom' }],
    });
  });

  it('util.appendError keeps the value and adds the error', async () => {
    const { json } = await h.post({ query: '{ partial }' }, asKey());
    expect(json).toEqual({
      data: { partial: 'value' },
      errors: [{ path: ['partial'], data: null, errorType: 'Warning', errorInfo: null, locations: [{ line: 1, column: 3, sourceName: null }], message: 'careful' }],
    });
  });

  it('earlyReturn in the before handler skips the functions and the after handler', async () => {
    const { json } = await h.post({ query: '{ early }' }, asKey());
    expect(json).toEqual({ data: { early: 'early!' } });
  });

  it('earlyReturn in a function skips its data source and response, and the pipeline goes on', async () => {
    const before = h.dynamodb.calls.length;
    const { json } = await h.post({ query: '{ fnEarly }' }, asKey());
    expect(json).toEqual({ data: { fnEarly: 'from function then next' } });
    expect(h.dynamodb.calls.length).toBe(before);
  });

  it('a null in a non-null field nulls the parent with graphql-java wording', async () => {
    const { json } = await h.post({ query: '{ mustNotBeNull }' }, asKey());
    expect(json).toEqual({ data: null, errors: [{ path: ['mustNotBeNull'], locations: null, message: "Cannot return null for non-nullable type: 'String' within parent 'Query' (/mustNotBeNull)" }] });
  });

  it('a handler that breaks is a MappingTemplate error on the field', async () => {
    const { json } = await h.post({ query: '{ broken }' }, asKey());
    expect(json.data).toEqual({ broken: null });
    expect(json.errors[0]).toMatchObject({ path: ['broken'], errorType: 'MappingTemplate' });
  });

  it('$ctx.info has selectionSetList and selectionSetGraphQL as AppSync builds them', async () => {
    const { json } = await h.post({ query: 'query Q($v: ID) { info(id: $v) }', variables: { v: 'x' } }, asKey());
    const { info, authType } = JSON.parse(json.data.info);
    expect(info).toEqual({ fieldName: 'info', parentTypeName: 'Query', variables: { v: 'x' }, selectionSetList: [], selectionSetGraphQL: '' });
    expect(authType).toBe('API Key Authorization');
  });

  it('selectionSetList expands fragments under aliases; selectionSetGraphQL keeps the selection as written', async () => {
    const query = 'query { infoNote { id body: text ... on Note { author { name } } ...F } } fragment F on Note { when }';
    const { json } = await h.post({ query }, asKey());
    const { list, graphql } = JSON.parse(json.data.infoNote.body);
    expect(list).toEqual(['id', 'body', 'author', 'author/name', 'when']);
    expect(graphql).toBe('{\n  id\n  body: text\n  ... on Note {\n    author {\n      name\n    }\n  }\n  ...F\n}');
  });

  it('fields without a resolver read source[field]; aliases work', async () => {
    h.dynamodb.items.set('n3', { id: { S: 'n3' }, text: { S: 'three' }, when: { S: '2026-01-01T00:00:00.000Z' } });
    const { json } = await h.post({ query: '{ getNote(id: "n3") { id body: text when } }' }, asKey());
    expect(json).toEqual({ data: { getNote: { id: 'n3', body: 'three', when: '2026-01-01T00:00:00.000Z' } } });
  });

  it('Scan pages with an opaque nextToken', async () => {
    const first = await h.post({ query: '{ listNotes(limit: 1) { items { id } nextToken scannedCount } }' }, asKey());
    expect(first.json.data.listNotes.items).toHaveLength(1);
    const token = first.json.data.listNotes.nextToken;
    expect(typeof token).toBe('string');
    const second = await h.post({ query: 'query($t: String) { listNotes(limit: 1, nextToken: $t) { items { id } nextToken } }', variables: { t: token } }, asKey());
    expect(second.json.data.listNotes.items[0].id).not.toBe(first.json.data.listNotes.items[0].id);
    const bad = await h.post({ query: '{ listNotes(limit: 1, nextToken: "garbage") { items { id } } }' }, asKey());
    expect(bad.json.errors[0]).toMatchObject({ path: ['listNotes'], errorType: 'DynamoDB:UserIllegalArgumentException', message: 'com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given.' });
  });

  it('a failed condition is DynamoDB:ConditionalCheckFailedException with the current item in ctx.result', async () => {
    await h.post({ query: 'mutation { guardedPut(id: "g1", text: "first") { id } }' }, asKey());
    const { json } = await h.post({ query: 'mutation { guardedPut(id: "g1", text: "second") { id } }' }, asKey());
    expect(json.data).toEqual({ guardedPut: null });
    expect(json.errors[0].errorType).toBe('DynamoDB:ConditionalCheckFailedException');
    expect(json.errors[0].message).toMatch(/^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: /);
    // The template passed ctx.result (the current item) as the error's data.
    expect(json.errors[0].data).toEqual({ id: 'g1', text: 'first' });
  });

  it('Lambda data sources invoke the function; a function error is Lambda:Unhandled with its message', async () => {
    const ok = await h.post({ query: '{ callLambda(x: 4) }' }, asKey());
    expect(JSON.parse(ok.json.data.callLambda).doubled).toBe(8);
    const failed = await h.post({ query: '{ callLambda(x: 13) }' }, asKey());
    expect(failed.json.errors[0]).toMatchObject({ path: ['callLambda'], errorType: 'Lambda:Unhandled', message: 'unlucky' });
  });

  it('a Direct Lambda resolver sends the whole context', async () => {
    const { json } = await h.post({ query: '{ direct(x: 5) }' }, asKey());
    const { doubled, received } = JSON.parse(json.data.direct);
    expect(doubled).toBe(10);
    expect(Object.keys(received).sort()).toEqual(['arguments', 'identity', 'info', 'prev', 'request', 'source', 'stash']);
    expect(received.info.fieldName).toBe('direct');
  });

  it('reports completed mutations to onMutationResult listeners', async () => {
    const seen: unknown[] = [];
    const off = h.appsync.onMutationResult((r) => seen.push({ field: r.fieldName, data: r.data, args: r.arguments }));
    await h.post({ query: 'mutation M($t: String) { putNote(id: "s1", text: $t) { id text } }', variables: { t: 'sub' } }, asKey());
    await h.post({ query: 'mutation { guardedPut(id: "g1", text: "fails") { id } }' }, asKey());
    off();
    expect(seen).toEqual([{ field: 'putNote', data: { id: 's1', text: 'sub' }, args: { id: undefined, text: 'sub' } }]);
  });

  it('runs a subscription resolver for a subscriber and returns its filters', async () => {
    const auth = await h.appsync.authenticate(h.apiId, { headers: { 'x-api-key': h.apiKey }, method: 'POST', rawPath: '/graphql', rawQuery: '', body: Buffer.alloc(0), sourceIp: '127.0.0.1', requestId: 'r1' });
    const start = await h.appsync.runSubscriptionResolver(h.apiId, { query: 'subscription { onPutNote(text: "a") { id } }' }, auth, 'r1');
    expect(start.body.errors).toBeUndefined();
    expect(start.fieldName).toBe('onPutNote');
    expect(start.mutations).toEqual(['putNote']);
    expect(start.effects.flatMap((e) => e.subscriptionFilters ?? [])).toEqual([{ filterGroup: [{ filters: [{ fieldName: 'text', operator: 'eq', value: 'a' }] }] }]);
    const viaHttp = await h.post({ query: 'subscription { onPutNote { id } }' }, asKey());
    expect(viaHttp.json.data).toBeNull();
  });
});
