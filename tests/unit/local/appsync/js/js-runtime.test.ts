/**
 * The APPSYNC_JS runtime: Flare's own handlers verbatim, the sandbox, AppSync's
 * code restrictions, module imports/exports, errors with their location, and the
 * `@aws-appsync/utils/dynamodb` helpers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsRuntime } from '../../../../../local/appsync/js';
import { TemplateError, TemplateRuntimeError } from '../../../../../local/appsync/runtime/types';
import { Reporter, type LogRecord } from '../../../../../local/reporter';
import { FIXED_NOW, resolverContext } from '../../../../conformance/appsync-runtimes/context';

const js = new JsRuntime({ now: () => FIXED_NOW });

function source(file: string): string {
  return readFileSync(new URL(`../../../../../${file}`, import.meta.url), 'utf8');
}

function runtimeError(action: () => unknown): TemplateRuntimeError {
  try {
    action();
  } catch (error) {
    if (error instanceof TemplateRuntimeError) return error;
    throw error;
  }
  throw new Error('expected a TemplateRuntimeError');
}

function templateError(action: () => unknown): TemplateError {
  try {
    action();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

const module = (body: string) => `import { util, runtime, extensions } from '@aws-appsync/utils';\n${body}`;

describe('Flare’s handlers, verbatim', () => {
  const addNote = source('amplify/data/add-note.js');

  it('addNote builds the PutItem of a NOTE owned by the caller', () => {
    // Prepare
    const context = resolverContext({ arguments: { incidentId: 'inc-1', message: '  Rolled back  ' } });

    // Act
    const evaluation = js.request(addNote, context, 'Mutation.addNote');

    // Assess
    const request = evaluation.value as Record<string, any>;
    expect(evaluation.returned).toBe(false);
    expect(request.operation).toBe('PutItem');
    expect(request.key.id.S).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.attributeValues).toEqual({
      __typename: { S: 'TimelineEvent' },
      incidentId: { S: 'inc-1' },
      kind: { S: 'NOTE' },
      message: { S: 'Rolled back' },
      author: { S: 'alice@example.com' },
      owner: { S: 'sub-1::alice' },
      createdAt: { S: '2018-02-06T19:01:35.749Z' },
      updatedAt: { S: '2018-02-06T19:01:35.749Z' },
    });
  });

  it('addNote refuses an empty note and an overlong one with ValidationError', () => {
    // Act
    const empty = templateError(() => js.request(addNote, resolverContext({ arguments: { incidentId: 'i', message: '   ' } }), 'Mutation.addNote'));
    const long = templateError(() => js.request(addNote, resolverContext({ arguments: { incidentId: 'i', message: 'x'.repeat(4001) } }), 'Mutation.addNote'));

    // Assess
    expect(empty.error).toEqual({ message: 'A note cannot be empty', errorType: 'ValidationError' });
    expect(long.error).toEqual({ message: 'A note is at most 4000 characters (got 4001)', errorType: 'ValidationError' });
  });

  it('addNote’s response returns the result, or raises the data source’s error', () => {
    // Act
    const ok = js.response(addNote, resolverContext({ result: { id: 'n1' } }), 'Mutation.addNote');
    const failed = templateError(() => js.response(addNote, resolverContext({ result: null, error: { message: 'boom', type: 'DynamoDB:ConditionalCheckFailedException' } }), 'Mutation.addNote'));

    // Assess
    expect(ok.value).toEqual({ id: 'n1' });
    expect(failed.error).toEqual({ message: 'boom', errorType: 'DynamoDB:ConditionalCheckFailedException' });
  });

  it('onIncidentChanged filters by service only when one is asked for', () => {
    // Prepare
    const code = source('amplify/data/on-incident-changed.js');

    // Act
    const filtered = js.response(code, resolverContext({ arguments: { serviceId: 's1' } }), 'Subscription.onIncidentChanged');
    const all = js.response(code, resolverContext({ arguments: {} }), 'Subscription.onIncidentChanged');

    // Assess
    expect(filtered).toEqual({ value: null, returned: false, effects: { subscriptionFilters: [{ filterGroup: [{ filters: [{ fieldName: 'serviceId', operator: 'eq', value: 's1' }] }] }] } });
    expect(all).toEqual({ value: null, returned: false, effects: {} });
  });
});

describe('the sandbox', () => {
  it.each(['require', 'process', 'setTimeout', 'fetch', 'Buffer', 'globalThis["Prom" + "ise"]', 'WebAssembly', 'globalThis.process'])('%s is not there', (name) => {
    // Act
    const value = js.request(module(`export function request() { return typeof ${name}; }`), resolverContext(), 'Query.probe').value;

    // Assess
    expect(value).toBe('undefined');
  });

  it('a code error is a TemplateRuntimeError with the line and column of the code', () => {
    // Act
    const error = runtimeError(() => js.request(module('export function request(ctx) {\n  return ctx.args.missing.deeper;\n}'), resolverContext(), 'Query.broken'));

    // Assess
    expect(error.message).toContain("TypeError: Cannot read properties of undefined (reading 'deeper')");
    expect(error.location).toBe('Query.broken:3:27');
  });

  it('console.log goes to the reporter, tagged with the handler', () => {
    // Prepare
    const records: LogRecord[] = [];
    const runtime = new JsRuntime({ log: new Reporter({ level: 'debug', sinks: [(record) => records.push(record)] }).for('appsync') });

    // Act
    runtime.request(module('export function request(ctx) { console.log("args", ctx.args); return {}; }'), resolverContext({ arguments: { a: 1 } }), 'Query.logged');

    // Assess
    expect(records.map((r) => r.message)).toEqual(['Query.logged (request): args {"a":1}']);
  });

  it('loads each distinct module once; errors name the resolver that ran it', () => {
    // Prepare
    const code = module('export function request(ctx) {\n  return ctx.args.x.y;\n}');

    // Act
    const loaded = js.load(code, 'resolver A');
    const error = runtimeError(() => js.request(code, resolverContext(), 'resolver B'));

    // Assess
    expect(js.load(code, 'resolver B')).toBe(loaded);
    expect(error.location).toBe('resolver B:3:21');
  });
});

describe('AppSync’s code restrictions', () => {
  it.each([
    ['async functions', 'export async function request() { return {}; }', 'no-async'],
    ['await', 'export function request() { return {}; }\nconst x = await 1;', 'no-await'],
    ['classes', 'class A {}\nexport function request() { return {}; }', 'no-classes'],
    ['for loops', 'export function request() { for (let i = 0; i < 1; i = i + 1) {} return {}; }', 'no-for'],
    ['while loops', 'export function request() { while (false) {} return {}; }', 'no-while'],
    ['continue', 'export function request() { for (const x of [1]) { continue; } return {}; }', 'no-continue'],
    ['try/catch', 'export function request() { try { return {}; } catch (e) { return {}; } }', 'no-try'],
    ['throw', 'export function request() { throw new Error("x"); }', 'no-throw'],
    ['++', 'export function request() { let i = 0; i++; return {}; }', 'no-disallowed-unary-operators'],
    ['instanceof', 'export function request(ctx) { return { a: ctx instanceof Object }; }', 'no-disallowed-binary-operators'],
    ['in', 'export function request(ctx) { return { a: "x" in ctx }; }', 'no-in'],
    ['this', 'export function request() { return this; }', 'no-this'],
    ['generators', 'function* g() {}\nexport function request() { return {}; }', 'no-generators'],
    ['labels', 'export function request() { outer: for (const a of [1]) { break outer; } return {}; }', 'no-labels'],
    ['regex literals', 'export function request() { return { a: /x/.test("x") }; }', 'no-regex'],
    ['promises', 'export function request() { return Promise.resolve(1); }', 'no-promise'],
  ])('%s are refused when the code is loaded, naming the rule and place', (_name, body, rule) => {
    // Act
    const error = runtimeError(() => js.request(module(body), resolverContext(), 'Query.restricted'));

    // Assess
    expect(error.message).toContain('The code contains one or more errors');
    expect(error.message).toContain(`@aws-appsync/${rule}`);
    expect(error.location).toMatch(/^Query\.restricted:\d+:\d+$/);
  });

  it('for-of, for-in, switch, spread, ?? and ?. are fine', () => {
    // Act
    const value = js.request(
      module('export function request(ctx) {\n  const out = [];\n  for (const k in ctx.args) { out.push(k); }\n  for (const v of [1, 2]) { switch (v) { case 1: out.push("one"); break; default: out.push("other"); } }\n  return { out: [...out], x: ctx.source?.x ?? "none" };\n}'),
      resolverContext({ arguments: { a: 1 } }),
      'Query.ok',
    ).value;

    // Assess
    expect(value).toEqual({ out: ['a', 'one', 'other'], x: 'none' });
  });
});

describe('modules', () => {
  it('imports only @aws-appsync/utils and @aws-appsync/utils/dynamodb, and only what they export', () => {
    expect(runtimeError(() => js.request("import x from 'lodash';\nexport function request() { return {}; }", resolverContext(), 'Q.a')).message).toContain('can import only');
    expect(runtimeError(() => js.request("import { nothing } from '@aws-appsync/utils';\nexport function request() { return {}; }", resolverContext(), 'Q.b')).message).toContain("does not provide an export named 'nothing'");
    expect(runtimeError(() => js.request("import { rds } from '@aws-appsync/utils/rds';\nexport function request() { return {}; }", resolverContext(), 'Q.c')).message).toContain('can import only');
  });

  it('namespace imports, const arrow exports and export lists all work', () => {
    // Act
    const value = js.request(
      "import * as ddb from '@aws-appsync/utils/dynamodb';\nconst handler = (ctx) => ddb.get({ key: { id: ctx.args.id } });\nexport { handler as request };",
      resolverContext({ arguments: { id: 'x' } }),
      'Query.get',
    ).value;

    // Assess
    expect(value).toEqual({ operation: 'GetItem', key: { id: { S: 'x' } } });
  });

  it('a module without the phase’s export is a TemplateRuntimeError', () => {
    expect(runtimeError(() => js.response(module('export function request() { return {}; }'), resolverContext(), 'Q.r')).message).toBe('The code exports no response function');
  });
});

describe('ctx, util, runtime, extensions', () => {
  it('runtime.earlyReturn ends the handler with the value, marked as returned', () => {
    expect(js.request(module('export function request(ctx) { runtime.earlyReturn({ id: ctx.args.id }); return { never: true }; }'), resolverContext({ arguments: { id: '1' } }), 'Q.early')).toEqual({
      value: { id: '1' },
      returned: true,
      effects: {},
    });
  });

  it('the stash is shared; util.appendError records; the value is what JSON keeps of it', () => {
    // Prepare
    const context = resolverContext({ arguments: { id: '1' } });

    // Act
    const evaluation = js.response(module('export function response(ctx) { ctx.stash.seen = ctx.arguments.id === ctx.args.id; util.appendError("careful", "Warn"); return { a: undefined, b: 1 }; }'), context, 'Q.s');

    // Assess
    expect(evaluation.value).toEqual({ b: 1 });
    expect(context.stash).toEqual({ seen: true });
    expect(context.outErrors).toEqual([{ message: 'careful', errorType: 'Warn' }]);
  });

  it('util.error with data and errorInfo; util.unauthorized', () => {
    expect(templateError(() => js.request(module('export function request() { util.error("Bad", "Custom", { a: 1 }, { b: 2 }); }'), resolverContext(), 'Q.e')).error).toEqual({ message: 'Bad', errorType: 'Custom', data: { a: 1 }, errorInfo: { b: 2 } });
    expect(templateError(() => js.request(module('export function request() { util.unauthorized(); }'), resolverContext(), 'Q.u')).error).toEqual({ message: 'Not Authorized to access getThing on type Query', errorType: 'Unauthorized' });
  });

  it('an unimplemented util helper fails naming itself', () => {
    expect(runtimeError(() => js.request(module('export function request() { return util.rds.toJsonObject("{}"); }'), resolverContext(), 'Q.x')).message).toContain('util.rds.toJsonObject cannot run locally');
    expect(runtimeError(() => js.request(module('export function request() { util.http.addResponseHeader("a", "b"); return {}; }'), resolverContext(), 'Q.h')).message).toContain('util.http.addResponseHeader cannot run locally');
  });
});

describe('@aws-appsync/utils/dynamodb', () => {
  const run = (body: string) => js.request(`import * as ddb from '@aws-appsync/utils/dynamodb';\nexport function request(ctx) { return ${body}; }`, resolverContext(), 'Q.ddb').value;

  it('get / put / remove with conditions', () => {
    expect(run('ddb.get({ key: { id: "1" }, consistentRead: true, projection: ["a", "b.c"] })')).toEqual({
      operation: 'GetItem', key: { id: { S: '1' } }, consistentRead: true,
      projection: { expression: '#projection_0_0, #projection_1_0.#projection_1_1', expressionNames: { '#projection_0_0': 'a', '#projection_1_0': 'b', '#projection_1_1': 'c' } },
    });
    expect(run('ddb.put({ key: { id: "1" }, item: { n: 2 }, condition: { id: { attributeExists: false } } })')).toEqual({
      operation: 'PutItem', key: { id: { S: '1' } }, attributeValues: { n: { N: 2 } },
      condition: { expression: '(attribute_not_exists(#id))', expressionNames: { '#id': 'id' } },
    });
    expect(run('ddb.remove({ key: { id: "1" }, condition: { version: { eq: 3 } } })')).toEqual({
      operation: 'DeleteItem', key: { id: { S: '1' } },
      condition: { expression: '(#version = :version_eq)', expressionNames: { '#version': 'version' }, expressionValues: { ':version_eq': { N: 3 } } },
    });
  });

  it('update with values and every operation', () => {
    // Act
    const request = run('ddb.update({ key: { id: "1" }, update: { title: "t", n: ddb.operations.increment(2), m: ddb.operations.decrement(1), l: ddb.operations.append([1]), p: ddb.operations.prepend([0]), a: ddb.operations.add(5), r: ddb.operations.remove(), x: ddb.operations.replace("y"), li: ddb.operations.updateListItem("z", 1) } })') as Record<string, any>;

    // Assess
    expect(request.operation).toBe('UpdateItem');
    expect(request.update.expression).toBe(
      'SET #expName_1 = :expValue_2, #expName_3 = #expName_3 + :expValue_4, #expName_5 = #expName_5 - :expValue_6, #expName_7 = list_append(#expName_7, :expValue_8), #expName_9 = list_append(:expValue_10, #expName_9), #expName_11 = if_not_exists(#expName_11, :expValue_12), #expName_14 = :expValue_15, #expName_16[1] = :expValue_17 REMOVE #expName_13',
    );
    expect(request.update.expressionNames).toMatchObject({ '#expName_1': 'title', '#expName_13': 'r', '#expName_16': 'li' });
    expect(request.update.expressionValues[':expValue_4']).toEqual({ N: 2 });
    expect(request.update.expressionValues[':expValue_8']).toEqual({ L: [{ N: 1 }] });
  });

  it('query with a key condition and a filter; scan; sync', () => {
    expect(run('ddb.query({ query: { pk: { eq: "a" }, sk: { beginsWith: "b" } }, filter: { n: { gt: 1 } }, index: "byPk", limit: 5, scanIndexForward: false })')).toEqual({
      operation: 'Query', index: 'byPk', limit: 5, scanIndexForward: false,
      filter: { expression: '(#n > :n_gt)', expressionNames: { '#n': 'n' }, expressionValues: { ':n_gt': { N: 1 } } },
      query: { expression: '#pk = :pk_eq AND begins_with(#sk, :sk_beginsWith)', expressionNames: { '#pk': 'pk', '#sk': 'sk' }, expressionValues: { ':pk_eq': { S: 'a' }, ':sk_beginsWith': { S: 'b' } } },
    });
    expect(run('ddb.scan({ limit: 2, nextToken: "t", segment: 0, totalSegments: 2 })')).toEqual({ operation: 'Scan', limit: 2, nextToken: 't', segment: 0, totalSegments: 2 });
    expect(run('ddb.sync({ limit: 2, lastSync: 5 })')).toEqual({ operation: 'Sync', limit: 2, lastSync: 5 });
  });

  it('batch and transaction requests', () => {
    expect(run('ddb.batchGet({ tables: { T: { keys: [{ id: "1" }] } } })')).toEqual({ operation: 'BatchGetItem', tables: { T: { keys: [{ id: { S: '1' } }] } } });
    expect(run('ddb.batchPut({ tables: { T: [{ id: "1" }] } })')).toEqual({ operation: 'BatchPutItem', tables: { T: [{ id: { S: '1' } }] } });
    expect(run('ddb.batchDelete({ tables: { T: [{ id: "1" }] } })')).toEqual({ operation: 'BatchDeleteItem', tables: { T: [{ id: { S: '1' } }] } });
    expect(run('ddb.transactGet({ items: [{ table: "T", key: { id: "1" } }] })')).toEqual({ operation: 'TransactGetItems', transactItems: [{ table: 'T', key: { id: { S: '1' } } }] });
    expect(run('ddb.transactWrite({ items: [{ table: "T", operation: "PutItem", key: { id: "1" }, item: { a: 1 } }, { table: "T", operation: "ConditionCheck", key: { id: "2" }, condition: { id: { attributeExists: true } } }] })')).toEqual({
      operation: 'TransactWriteItems',
      transactItems: [
        { table: 'T', operation: 'PutItem', key: { id: { S: '1' } }, attributeValues: { a: { N: 1 } } },
        { table: 'T', operation: 'ConditionCheck', key: { id: { S: '2' } }, condition: { expression: '(attribute_exists(#id))', expressionNames: { '#id': 'id' } } },
      ],
    });
  });

  it('malformed input fails naming the helper', () => {
    expect(runtimeError(() => run('ddb.get({})')).message).toContain('@aws-appsync/utils/dynamodb get: key must be an object');
    expect(runtimeError(() => run('ddb.query({ query: {} })')).message).toContain('query needs a condition on the partition key');
  });
});
