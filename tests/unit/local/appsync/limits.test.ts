/**
 * AppSync's per-request limits, from the API's synthesized properties (QueryDepthLimit 4,
 * ResolverCountLimit 50 in the fixture), AppSync's 30 s (shortened here), its response
 * size, and graphql-java's parser limits: each answered with AppSync's error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ fixture: 'appsync-limits', executionTimeoutMs: 500 });
});
afterAll(async () => {
  await h?.stop();
});

const query = (text: string) => h.post({ query: text }, { 'x-api-key': h.apiKey });

describe('QueryDepthLimit', () => {
  it('a field deeper than the limit is QueryDepthLimitReached, thrown up to its nullable parent (leaves count as a level)', async () => {
    const { status, json } = await query('{ node { child { child { child { id } } } } }');
    expect(status).toBe(200);
    expect(json.data).toEqual({ node: { child: { child: { child: null } } } });
    expect(json.errors).toEqual([
      { path: ['node', 'child', 'child', 'child', 'id'], data: null, errorType: 'QueryDepthLimitReached', errorInfo: null, locations: [{ line: 1, column: 34, sourceName: null }], message: 'Query depth limit reached' },
    ]);
  });

  it('a query at the limit runs whole', async () => {
    const { json } = await query('{ node { child { child { id } } } }');
    expect(json).toEqual({ data: { node: { child: { child: { id: '1.1.1' } } } } });
  });
});

describe('ResolverCountLimit', () => {
  it('resolvers past the limit do not run: each fails with ResolverExecutionLimitReached', async () => {
    const before = h.runtime.calls.length;
    const { json } = await query('{ node { children(n: 60) { child { id } } } }');
    const children = json.data.node.children as ({ child: { id: string } | null })[];
    expect(children).toHaveLength(60);
    // node and children are resolvers 1 and 2: 48 of the 60 child resolvers fit in 50.
    expect(children.filter((c) => c.child !== null)).toHaveLength(48);
    expect(json.errors).toHaveLength(12);
    for (const error of json.errors) {
      expect(error).toMatchObject({ errorType: 'ResolverExecutionLimitReached', message: 'Resolver invocation limit reached', data: null });
      expect(error.path).toEqual(['node', 'children', expect.any(Number), 'child']);
    }
    // 50 resolvers, a request and a response handler each.
    expect(h.runtime.calls.length - before).toBe(100);
  });
});

describe('execution time', () => {
  it('a request still running at the deadline is answered at once: each top-level field null with ExecutionTimeout', async () => {
    // The Lambda would answer after 10 minutes: the answer can only come from the (shortened) deadline.
    const { json } = await query('{ ping slow: sleep(ms: 600000) }');
    expect(json).toEqual({
      data: { ping: null, slow: null },
      errors: [
        { path: ['ping'], data: null, errorType: 'ExecutionTimeout', errorInfo: null, locations: null, message: 'Execution timed out.' },
        { path: ['slow'], data: null, errorType: 'ExecutionTimeout', errorInfo: null, locations: null, message: 'Execution timed out.' },
      ],
    });
    expect((await query('{ ping }')).json).toEqual({ data: { ping: 'pong' } });
  });
});

describe('response size', () => {
  it('is watched while the response is built: past 5 MB the request stops, the resolvers left do not run', async () => {
    const blobRuns = () => h.runtime.calls.filter((call) => call.includes('Node.blob') && call.endsWith('request')).length;
    const before = blobRuns();
    const { json } = await query('{ node { children(n: 40) { blob(size: 200000) } } }');
    expect(json).toEqual({ data: null, errors: [{ path: null, errorType: 'ResponseTooLarge', locations: null, message: "The response exceeds AppSync's limit of 5242880 bytes." }] });
    // 40 × 200 KB would be 8 MB: the request stopped once 5 MB were built.
    expect(blobRuns() - before).toBeLessThan(40);
  });
});

describe('hostile documents', () => {
  it('validation stops at 100 errors however many a document holds', async () => {
    const { json } = await query(`{ node { id${' @include(if: true)'.repeat(2000)} } }`);
    expect(json.data).toBeNull();
    expect(json.errors).toHaveLength(101);
    expect(json.errors[0].message).toMatch(/^Validation error of type UniqueDirectivesPerLocation: The directive "@include" can only be used once at this location\./);
    expect(json.errors[100].message).toBe('Validation error: Too many validation errors, error limit reached. Validation aborted.');
  });

  it('more than 15,000 tokens is refused before parsing, in graphql-java\'s words', async () => {
    const { json } = await query(`{ node { id${' @include(if: true)'.repeat(12000)} } }`);
    expect(json).toEqual({
      data: null,
      errors: [{ path: null, locations: [{ line: 1, column: expect.any(Number), sourceName: null }], message: "Invalid Syntax : More than 15000 'grammar' tokens have been presented. To prevent Denial Of Service attacks, parsing has been cancelled." }],
    });
  });

  it('nesting more than 500 deep is refused before parsing', async () => {
    const { json } = await query(`${'{ node '.repeat(600)}${'}'.repeat(600)}`);
    expect(json.errors[0].message).toBe("Invalid Syntax : More than 500 deep 'grammar' rules have been entered. To prevent Denial Of Service attacks, parsing has been cancelled.");
  });
});
