import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAssembly, referenceText, type CloudAssembly, type StatementView } from '../helpers/assembly';

const FUNCTIONS = ['incident-lifecycle', 'alert-intake', 'incident-stats', 'escalate', 'post-confirmation', 'service-catalog'] as const;
type FunctionName = (typeof FUNCTIONS)[number];
const SSM_PLACEHOLDER = '<value will be resolved during runtime>';

let assembly: CloudAssembly;
let incidentTableArn: string;
let timelineTableArn: string;

beforeAll(() => {
  assembly = loadAssembly();
  incidentTableArn = referenceText({ stack: 'amplifyDataIncident', logicalId: 'IncidentTable', attribute: 'TableArn' });
  timelineTableArn = referenceText({ stack: 'amplifyDataTimelineEvent', logicalId: 'TimelineEventTable', attribute: 'TableArn' });
});

function lambda(name: FunctionName) {
  return assembly.amplifyFunction(name);
}

function variables(name: FunctionName): Record<string, unknown> {
  return lambda(name).resource.Properties?.Environment?.Variables ?? {};
}

/** Every statement of every policy attached to the function's execution role, in any stack. */
function statements(name: FunctionName): StatementView[] {
  const fn = lambda(name);
  return assembly.policiesAttachedTo(assembly.resolve(fn.stack, fn.resource.Properties?.Role)).flatMap((policy) => policy.statements);
}

/** The actions the function's role is allowed on exactly `resource` (as rendered). */
function actionsOn(name: FunctionName, resource: string): string[] {
  const actions = statements(name)
    .filter((statement) => statement.effect === 'Allow' && statement.resources.includes(resource))
    .flatMap((statement) => statement.actions);
  return [...new Set(actions)].sort();
}

/** The environment variable names a handler's source reads by name. */
function variablesReadBy(name: FunctionName): string[] {
  const source = readFileSync(new URL(`../../amplify/functions/${name}/handler.ts`, import.meta.url), 'utf8');
  const names = [...source.matchAll(/requireEnv\('([^']+)'\)|process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] ?? match[2]);
  return [...new Set(names)].sort();
}

describe('functions', () => {
  it('are the six defineFunction resources, resolvers and the scheduled job with the data stack, the trigger with auth', () => {
    // Act
    const placement = Object.fromEntries(FUNCTIONS.map((name) => [name, lambda(name).stack]));

    // Assess
    expect(placement).toEqual({
      'incident-lifecycle': 'data',
      'alert-intake': 'data',
      'incident-stats': 'data',
      escalate: 'data',
      'post-confirmation': 'auth',
      'service-catalog': 'data',
    });
  });

  it.each([
    ['incident-lifecycle', 10],
    ['alert-intake', 10],
    ['incident-stats', 15],
    ['escalate', 30],
    ['post-confirmation', 3],
    ['service-catalog', 10],
  ] as const)('%s times out after %i s', (name, seconds) => {
    expect(lambda(name).resource.Properties?.Timeout).toBe(seconds);
  });

  it.each(FUNCTIONS)('%s is an ESM bundle run as index.handler', (name) => {
    // Act
    const properties = lambda(name).resource.Properties ?? {};

    // Assess
    expect(properties.Handler).toBe('index.handler');
    expect(properties.Runtime).toMatch(/^nodejs\d+\.x$/);
    expect(properties.Code.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
  });
});

describe('environment', () => {
  it.each(FUNCTIONS)('%s receives every variable its handler reads by name', (name) => {
    // Act
    const missing = variablesReadBy(name).filter((variable) => !(variable in variables(name)));

    // Assess
    expect(missing).toEqual([]);
  });

  it('the handlers do read variables (the check above is not vacuous)', () => {
    expect(variablesReadBy('incident-lifecycle')).toEqual(['FLARE_FILES_BUCKET_NAME', 'INCIDENT_TABLE_NAME', 'TIMELINE_EVENT_TABLE_NAME']);
    expect(variablesReadBy('post-confirmation')).toEqual(['GROUP_NAME']);
  });

  it.each([
    ['incident-lifecycle', 'INCIDENT_TABLE_NAME', 'amplifyDataIncident', 'IncidentTable'],
    ['incident-lifecycle', 'TIMELINE_EVENT_TABLE_NAME', 'amplifyDataTimelineEvent', 'TimelineEventTable'],
    ['alert-intake', 'INCIDENT_TABLE_NAME', 'amplifyDataIncident', 'IncidentTable'],
    ['alert-intake', 'TIMELINE_EVENT_TABLE_NAME', 'amplifyDataTimelineEvent', 'TimelineEventTable'],
    ['incident-stats', 'INCIDENT_TABLE_NAME', 'amplifyDataIncident', 'IncidentTable'],
    ['service-catalog', 'SERVICE_TABLE_NAME', 'amplifyDataService', 'ServiceTable'],
  ] as const)('%s: %s is the name of %s/%s (taken from its ARN)', (name, variable, stack, table) => {
    // Act
    const references = assembly.references(lambda(name).stack, variables(name)[variable]);

    // Assess
    expect(references).toEqual([{ stack, logicalId: table, type: 'Custom::AmplifyDynamoDBTable', attribute: 'TableArn' }]);
  });

  it('service-catalog: SERVICE_NAME_TABLE_NAME is the name-claim table beside it, keyed by nameKey', () => {
    // Act
    const [reference] = assembly.references(lambda('service-catalog').stack, variables('service-catalog').SERVICE_NAME_TABLE_NAME);

    // Assess
    expect(reference).toMatchObject({ stack: lambda('service-catalog').stack, type: 'AWS::DynamoDB::Table' });
    const [, table] = assembly.only(reference.stack, 'AWS::DynamoDB::Table');
    expect(table.Properties?.KeySchema).toEqual([{ AttributeName: 'nameKey', KeyType: 'HASH' }]);
  });

  it.each([
    ['alert-intake', 'INCIDENT_FINGERPRINT_INDEX', 'byFingerprint'],
    ['incident-stats', 'INCIDENT_SERVICE_INDEX', 'byService'],
  ] as const)('%s: %s names an index the Incident table has', (name, variable, index) => {
    // Prepare
    const [, incidentTable] = assembly.only('amplifyDataIncident', 'Custom::AmplifyDynamoDBTable');
    const indexNames = (incidentTable.Properties?.globalSecondaryIndexes as { indexName: string }[]).map((i) => i.indexName);

    // Act + Assess
    expect(variables(name)[variable]).toBe(index);
    expect(indexNames).toContain(index);
  });

  it('escalate gets what getAmplifyDataClientConfig needs for the data API named amplifyData', () => {
    // Act
    const env = variables('escalate');

    // Assess
    expect(Object.keys(env).sort()).toEqual([
      'AMPLIFY_DATA_DEFAULT_NAME',
      'AMPLIFY_DATA_GRAPHQL_ENDPOINT',
      'AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_BUCKET_NAME',
      'AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY',
      'AMPLIFY_SSM_ENV_CONFIG',
    ]);
  });

  it.each(FUNCTIONS)('%s: each variable resolved from SSM at cold start names a parameter the assembly creates, which its role may read', (name) => {
    // Prepare
    const parameters = new Map(
      assembly.allResources('AWS::SSM::Parameter').map(({ resource }) => [resource.Properties?.Name as string, resource]),
    );
    const readable = statements(name)
      .filter((statement) => statement.actions.includes('ssm:GetParameters'))
      .flatMap((statement) => statement.resources);

    // Act
    const config = JSON.parse(String(variables(name).AMPLIFY_SSM_ENV_CONFIG)) as Record<string, { path: string }>;

    // Assess
    for (const [variable, { path }] of Object.entries(config)) {
      expect(variables(name)[variable], variable).toBe(SSM_PLACEHOLDER);
      expect(parameters.has(path), path).toBe(true);
      expect(readable, path).toContain(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${path}`);
    }
    const placeholders = Object.entries(variables(name)).filter(([, value]) => value === SSM_PLACEHOLDER).map(([variable]) => variable);
    expect(placeholders.sort()).toEqual(Object.keys(config).sort());
  });

  it('incident-lifecycle learns the storage bucket through SSM', () => {
    // Act
    const config = JSON.parse(String(variables('incident-lifecycle').AMPLIFY_SSM_ENV_CONFIG));

    // Assess
    expect(Object.keys(config)).toEqual(['FLARE_FILES_BUCKET_NAME']);
    expect(config.FLARE_FILES_BUCKET_NAME.path).toMatch(/^\/amplify\/resource_reference\/flare\/[^/]+\/FLARE_FILES_BUCKET_NAME$/);
  });
});

describe('DynamoDB grants (TransactWriteItems is authorized per item: UpdateItem, PutItem, ConditionCheckItem)', () => {
  it('incident-lifecycle reads and writes incidents, and only writes timeline events', () => {
    // Act
    const onIncidents = actionsOn('incident-lifecycle', incidentTableArn);
    const onTimeline = actionsOn('incident-lifecycle', timelineTableArn);

    // Assess
    expect(onIncidents).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem']));
    expect(onTimeline).toEqual(expect.arrayContaining(['dynamodb:PutItem']));
    expect(onTimeline).not.toEqual(expect.arrayContaining(['dynamodb:GetItem']));
    expect(onTimeline.filter((action) => /Get|Query|Scan/.test(action))).toEqual([]);
  });

  it('alert-intake queries the incident indexes, writes incidents and timeline events', () => {
    // Act + Assess
    expect(actionsOn('alert-intake', `${incidentTableArn}/index/*`)).toEqual(['dynamodb:Query']);
    expect(actionsOn('alert-intake', incidentTableArn)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(actionsOn('alert-intake', timelineTableArn)).toEqual(expect.arrayContaining(['dynamodb:PutItem']));
  });

  it('incident-stats scans incidents and queries their indexes, and writes nothing', () => {
    // Act
    const writes = statements('incident-stats')
      .flatMap((statement) => statement.actions)
      .filter((action) => /Put|Update|Delete|Write/.test(action));

    // Assess
    expect(actionsOn('incident-stats', incidentTableArn)).toEqual(expect.arrayContaining(['dynamodb:Scan', 'dynamodb:Query']));
    expect(actionsOn('incident-stats', `${incidentTableArn}/index/*`)).toEqual(['dynamodb:Query']);
    expect(writes).toEqual([]);
  });

  it('service-catalog reads (a consistent scan for names) and writes services, and nothing else', () => {
    // Prepare
    const serviceTableArn = referenceText({ stack: 'amplifyDataService', logicalId: 'ServiceTable', attribute: 'TableArn' });

    // Act
    const resources = statements('service-catalog').filter((statement) => statement.actions.some((action) => action.startsWith('dynamodb:')));

    // Assess
    expect(actionsOn('service-catalog', serviceTableArn)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:PutItem']));
    expect(resources.length).toBeGreaterThan(0);
    expect(actionsOn('service-catalog', incidentTableArn)).toEqual([]);
  });

  it('escalate has no DynamoDB access: it writes through AppSync', () => {
    // Act
    const dynamoActions = statements('escalate')
      .flatMap((statement) => statement.actions)
      .filter((action) => action.startsWith('dynamodb:'));

    // Assess
    expect(dynamoActions).toEqual([]);
  });

  it.each(FUNCTIONS)('%s is granted no wildcard and no non-IAM DynamoDB action', (name) => {
    // Act
    const actions = statements(name).flatMap((statement) => statement.actions);

    // Assess
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
    expect(actions).not.toContain('dynamodb:TransactWriteItems');
  });
});

describe('escalate', () => {
  it('may call the data API with IAM and read the model introspection schema', () => {
    // Prepare
    const [apiId] = assembly.only('data', 'AWS::AppSync::GraphQLApi');
    const api = referenceText({ stack: 'data', logicalId: apiId, attribute: 'Arn' });

    // Act
    const graphql = statements('escalate').filter((statement) => statement.actions.includes('appsync:GraphQL'));

    // Assess
    expect(graphql).toEqual([
      { effect: 'Allow', actions: ['appsync:GraphQL'], resources: [`${api}/types/Mutation/*`, `${api}/types/Query/*`, `${api}/types/Subscription/*`] },
    ]);
    expect(statements('escalate').some((statement) => statement.actions.includes('s3:GetObject') && statement.resources[0].endsWith('/modelIntrospectionSchema.json'))).toBe(true);
  });

  it('runs every minute, in UTC, by EventBridge Scheduler', () => {
    // Act
    const [, schedule] = assembly.only('data', 'AWS::Scheduler::Schedule');

    // Assess
    expect(schedule.Properties?.ScheduleExpression).toBe('cron(*/1 * * * ? *)');
    expect(schedule.Properties?.ScheduleExpressionTimezone).toBe('UTC');
    expect(schedule.Properties?.State).toBe('ENABLED');
    expect(schedule.Properties?.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(assembly.allResources('AWS::Events::Rule')).toEqual([]);
  });

  it('is the schedule’s target, invoked with a role that may invoke it', () => {
    // Prepare
    const escalate = lambda('escalate');
    const [, schedule] = assembly.only('data', 'AWS::Scheduler::Schedule');
    const target = schedule.Properties?.Target ?? {};
    const functionArn = referenceText({ stack: escalate.stack, logicalId: escalate.logicalId, attribute: 'Arn' });

    // Act
    const invokerStatements = assembly.policiesAttachedTo(assembly.resolve('data', target.RoleArn)).flatMap((policy) => policy.statements);

    // Assess
    expect(assembly.render('data', target.Arn)).toBe(functionArn);
    expect(invokerStatements).toEqual([{ effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: [functionArn, `${functionArn}:*`] }]);
  });
});
