/**
 * The resolver runtimes alone (no HTTP, no DynamoDB): time to evaluate Flare's
 * generated pipelines per request — every template of the chain, with stand-in
 * data-source results — and the APPSYNC_JS addNote resolver. These are the
 * runtime share of the engine's targets (getIncident p50 ≤ 3 ms, createIncident
 * p50 ≤ 4 ms end to end).
 */
import { JsRuntime } from '../local/appsync/js';
import type { ResolverRuntime } from '../local/appsync/runtime/types';
import { VtlRuntime } from '../local/appsync/vtl';
import {
  SchemaValues,
  contextFor,
  loadAssemblyResolvers,
  runPipeline,
  type AuthModeName,
  type PipelineResolver,
} from '../tests/unit/local/appsync/vtl/assembly-templates';
import { report, sample } from './stats';

const { resolvers, schema } = loadAssemblyResolvers();
const values = new SchemaValues(schema);

function resolver(typeName: string, fieldName: string): PipelineResolver {
  const found = resolvers.find((r) => r.typeName === typeName && r.fieldName === fieldName);
  if (!found) throw new Error(`The assembly has no ${typeName}.${fieldName}`);
  return found;
}

interface Scenario {
  label: string;
  target: PipelineResolver;
  mode: AuthModeName;
  args: Record<string, unknown>;
}

const scenarios: Scenario[] = [
  { label: 'getIncident (API key)', target: resolver('Query', 'getIncident'), mode: 'apiKey', args: { id: 'inc-1' } },
  { label: 'getIncident (user pool, responder)', target: resolver('Query', 'getIncident'), mode: 'userPoolResponder', args: { id: 'inc-1' } },
  {
    label: 'createIncident (user pool, responder)',
    target: resolver('Mutation', 'createIncident'),
    mode: 'userPoolResponder',
    args: { input: { title: 'Checkout errors', severity: 'SEV2', status: 'TRIGGERED', serviceId: 'svc-1', triggeredAt: '2026-01-02T03:04:05.000Z', alertCount: 1, escalationLevel: 0 } },
  },
  {
    label: 'updateIncident with a condition (admin)',
    target: resolver('Mutation', 'updateIncident'),
    mode: 'userPoolAdmin',
    args: { input: { id: 'inc-1', status: 'ACKNOWLEDGED' }, condition: { status: { eq: 'TRIGGERED' } } },
  },
  {
    label: 'listIncidentsByStatus + filter (responder)',
    target: resolver('Query', 'listIncidentsByStatus'),
    mode: 'userPoolResponder',
    args: { status: 'TRIGGERED', triggeredAt: { ge: '2026-01-01' }, filter: { severity: { eq: 'SEV1' } }, limit: 20, sortDirection: 'DESC' },
  },
  { label: 'addNote, APPSYNC_JS (responder)', target: resolver('Mutation', 'addNote'), mode: 'userPoolResponder', args: { incidentId: 'inc-1', message: 'Rolled back the deploy' } },
];

function runtimes(): Record<'VTL' | 'APPSYNC_JS', ResolverRuntime> {
  return { VTL: new VtlRuntime(), APPSYNC_JS: new JsRuntime() };
}

function runOnce(scenario: Scenario, on: Record<'VTL' | 'APPSYNC_JS', ResolverRuntime>): void {
  const model = values.returnedModel(scenario.target.typeName, scenario.target.fieldName) ?? scenario.target.typeName;
  const context = contextFor(scenario.target, scenario.mode, scenario.args, null);
  runPipeline(scenario.target, context, on, values.item(model));
}

async function main(): Promise<void> {
  console.log('Resolver runtimes on Flare’s generated pipelines (templates only; stand-in data sources)\n');
  for (const scenario of scenarios) {
    const handlers = [scenario.target.before, ...scenario.target.functions];
    const count = handlers.length * 2;
    // Cold: a fresh runtime parses/loads every handler on first use.
    const cold = await sample(20, async () => runOnce(scenario, runtimes()), 3);
    report(`${scenario.label}: first request (parse)`, cold);
    const warm = runtimes();
    const samples = await sample(2000, async () => runOnce(scenario, warm), 200);
    report(`${scenario.label}: ${count} handlers`, samples, scenario.label.startsWith('getIncident') ? '≤ 3 ms end to end' : scenario.label.startsWith('createIncident') ? '≤ 4 ms end to end' : undefined);
  }
}

await main();
