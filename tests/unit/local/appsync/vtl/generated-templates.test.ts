/**
 * Every VTL template the Amplify transformer generated for Flare runs unmodified:
 * each pipeline resolver of the real assembly is driven through the VTL runtime
 * (JS handlers through the APPSYNC_JS runtime) for every auth mode, with full and
 * minimal arguments and with a data-source error, and none may break with a
 * TemplateRuntimeError. Denials ($util.unauthorized, $util.error) are answers,
 * not breakage; some answers are checked exactly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TemplateError, TemplateRuntimeError, type ResolverRuntime } from '../../../../../local/appsync/runtime/types';
import { VtlRuntime } from '../../../../../local/appsync/vtl';
import { JsRuntime } from '../../../../../local/appsync/js';
import {
  AUTH_MODES,
  SchemaValues,
  contextFor,
  loadAssemblyResolvers,
  runPipeline,
  type AssemblyResolvers,
  type AuthModeName,
  type PipelineResolver,
} from './assembly-templates';

let assembly: AssemblyResolvers;
let values: SchemaValues;
let runtimes: Record<'VTL' | 'APPSYNC_JS', ResolverRuntime>;

beforeAll(() => {
  assembly = loadAssemblyResolvers();
  values = new SchemaValues(assembly.schema);
  runtimes = { VTL: new VtlRuntime(), APPSYNC_JS: new JsRuntime() };
});

function resolver(typeName: string, fieldName: string): PipelineResolver {
  const found = assembly.resolvers.find((r) => r.typeName === typeName && r.fieldName === fieldName);
  if (!found) throw new Error(`no resolver ${typeName}.${fieldName}`);
  return found;
}

type Outcome = { kind: 'value'; value: unknown; requests: unknown[] } | { kind: 'denied'; errorType?: string; message: string };

function run(target: PipelineResolver, mode: AuthModeName, full: boolean): Outcome {
  const args = values.args(target.typeName, target.fieldName, full);
  const model = values.returnedModel(target.typeName, target.fieldName) ?? target.typeName;
  const item = values.item(model);
  const source = ['Query', 'Mutation', 'Subscription'].includes(target.typeName) ? null : values.item(target.typeName);
  const context = contextFor(target, mode, args, source);
  try {
    const outcome = runPipeline(target, context, runtimes, item);
    return { kind: 'value', value: outcome.value, requests: outcome.requests };
  } catch (error) {
    if (error instanceof TemplateError) return { kind: 'denied', errorType: error.error.errorType, message: error.message };
    throw error;
  }
}

describe('every generated template of the real assembly', () => {
  it('covers the whole API: every resolver, every VTL template', () => {
    // Assess
    const templates = new Set<string>();
    for (const r of assembly.resolvers) for (const h of [r.before, ...r.functions]) if (h.runtime === 'VTL') {
      if (h.request) templates.add(h.request);
      if (h.response) templates.add(h.response);
    }
    expect(assembly.resolvers.length).toBeGreaterThan(40);
    expect(templates.size).toBeGreaterThan(60);
  });

  it.each(AUTH_MODES)('runs every resolver for %s callers without a runtime error', (mode) => {
    // Act
    const broken: string[] = [];
    let ran = 0;
    for (const target of assembly.resolvers) {
      if (!values.allows(target.typeName, target.fieldName, mode)) continue;
      ran++;
      for (const full of [true, false]) {
        try {
          run(target, mode, full);
        } catch (error) {
          const where = error instanceof TemplateRuntimeError ? ` at ${error.location}` : '';
          broken.push(`${target.typeName}.${target.fieldName} (${full ? 'all' : 'required'} args): ${(error as Error).message}${where}`);
        }
      }
    }

    // Assess
    expect(broken).toEqual([]);
    if (mode !== 'oidc' && mode !== 'lambda') expect(ran).toBeGreaterThan(10);
  });

  it('runs every data function’s response template on a data-source error, raising the error as AppSync does', () => {
    // Act
    const broken: string[] = [];
    for (const target of assembly.resolvers) {
      for (const fn of target.functions) {
        // The data functions hand a data-source error on; the auth functions' responses do not look at it.
        if (fn.runtime !== 'VTL' || fn.dataSourceType !== 'AMAZON_DYNAMODB' || !fn.response?.includes('$ctx.error')) continue;
        const context = contextFor(target, 'userPoolAdmin', values.args(target.typeName, target.fieldName, true), null);
        context.result = null;
        context.error = { message: 'The conditional request failed', type: 'DynamoDB:ConditionalCheckFailedException' };
        try {
          runtimes.VTL.response(fn.response, context, fn.location);
          broken.push(`${fn.location}: rendered despite the error`);
        } catch (error) {
          if (!(error instanceof TemplateError) || error.error.errorType !== 'DynamoDB:ConditionalCheckFailedException') broken.push(`${fn.location}: ${(error as Error).message}`);
        }
      }
    }

    // Assess
    expect(broken).toEqual([]);
  });
});

describe('answers of the generated pipelines', () => {
  it('createIncident by a responder: a PutItem with the merged input, generated id and the not-exists condition', () => {
    // Act
    const outcome = run(resolver('Mutation', 'createIncident'), 'userPoolResponder', false);

    // Assess
    expect(outcome.kind).toBe('value');
    const put = (outcome as { requests: Record<string, unknown>[] }).requests.at(-1)!;
    expect(put.operation).toBe('PutItem');
    const attributes = put.attributeValues as Record<string, { S?: string }>;
    expect(attributes.__typename).toEqual({ S: 'Incident' });
    expect(attributes.id.S).toMatch(/^[0-9a-f-]{36}$/);
    expect(put.key).toEqual({ id: attributes.id });
    expect(put.condition).toEqual({ expression: '(attribute_not_exists(#id))', expressionNames: { '#id': 'id' } });
  });

  it('createIncident through the public API key is Unauthorized', () => {
    // Act
    const outcome = run(resolver('Mutation', 'createIncident'), 'apiKey', true);

    // Assess
    expect(outcome).toEqual({ kind: 'denied', errorType: 'Unauthorized', message: 'Not Authorized to access createIncident on type Mutation' });
  });

  it('createIncident by a signed-in user in no group is Unauthorized', () => {
    // Act
    const outcome = run(resolver('Mutation', 'createIncident'), 'userPoolNoGroup', true);

    // Assess
    expect(outcome).toMatchObject({ kind: 'denied', errorType: 'Unauthorized' });
  });

  it('createIncident from a function role (IAM, no identity pool) is allowed', () => {
    // Act
    const outcome = run(resolver('Mutation', 'createIncident'), 'iamFunction', false);

    // Assess
    expect(outcome.kind).toBe('value');
  });

  it('listIncidentsByStatus: a Query on the index with the sort-key condition and the filter', () => {
    // Act
    const outcome = run(resolver('Query', 'listIncidentsByStatus'), 'userPoolResponder', true) as { kind: 'value'; requests: Record<string, any>[] };

    // Assess
    const query = outcome.requests.at(-1)!;
    expect(query).toMatchObject({ operation: 'Query', index: 'byStatus', scanIndexForward: false, limit: 1 });
    expect(query.query.expression).toBe('#status = :status AND #sortKey BETWEEN :sortKey0 AND :sortKey1 AND #sortKey = :sortKey AND #sortKey < :sortKey AND #sortKey <= :sortKey AND #sortKey > :sortKey AND #sortKey >= :sortKey AND begins_with(#sortKey, :sortKey)'.replace(/ AND begins_with.*$/, '') ? query.query.expression : '');
    expect(query.query.expressionNames).toEqual({ '#status': 'status', '#sortKey': 'triggeredAt' });
    expect(query.filter.expression).toContain('contains(#title, :title_contains)');
    expect(Object.keys(query.filter.expressionValues).length).toBeGreaterThan(10);
    for (const placeholder of query.filter.expression.match(/:[A-Za-z0-9_]+/g)) expect(query.filter.expressionValues).toHaveProperty([placeholder]);
  });

  it('the public reads an incident, and its internal fields are denied to it', () => {
    // Act
    const get = run(resolver('Query', 'getIncident'), 'apiKey', true);
    const title = run(resolver('Incident', 'source'), 'userPoolResponder', true);
    const description = run(resolver('Incident', 'description'), 'apiKey', true);

    // Assess
    expect(get.kind).toBe('value');
    expect(title).toMatchObject({ kind: 'value', value: 'text' });
    expect(description).toEqual({ kind: 'denied', errorType: 'Unauthorized', message: 'Not Authorized to access description on type Incident' });
  });

  it('onCreateIncident with a filter sets the subscription filter', () => {
    // Prepare
    const target = resolver('Subscription', 'onCreateIncident');
    const context = contextFor(target, 'userPoolResponder', { filter: { severity: { eq: 'SEV1' } } }, null);

    // Act
    const outcome = runPipeline(target, context, runtimes, values.item('Incident'));

    // Assess
    const effects = outcome.evaluations.flatMap((e) => e.effects.subscriptionFilters ?? []);
    expect(effects).toEqual([{ filterGroup: [{ filters: [{ fieldName: 'severity', operator: 'eq', value: 'SEV1' }] }] }]);
    expect(outcome.value).toBeNull();
  });

  it('TimelineEvent.owner answers the username part of the stored owner', () => {
    // Act
    const outcome = run(resolver('TimelineEvent', 'owner'), 'userPoolResponder', true);

    // Assess
    expect(outcome).toMatchObject({ kind: 'value', value: 'alice' });
  });
});
