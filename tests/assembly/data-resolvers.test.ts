import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAssembly, type CloudAssembly, type Resource } from '../helpers/assembly';
import { resolverEvent } from '../unit/amplify/functions/events';
import { TEXT_LIMITS } from '../../amplify/domain/text-limits';

const APPSYNC_JS = { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' };
const API_KEY_BRANCH = '#if( $util.authType() == "API Key Authorization" )';

let assembly: CloudAssembly;

beforeAll(() => {
  assembly = loadAssembly();
});

function source(file: string): string {
  return readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
}

function resolversBy(predicate: (resource: Resource) => boolean) {
  return assembly.allResources('AWS::AppSync::Resolver').filter(({ resource }) => predicate(resource));
}

/** The resolver for `Type.field`, wherever the transformer put it. */
function resolver(typeName: string, fieldName: string): { stack: string; resource: Resource } {
  const found = resolversBy((resource) => resource.Properties?.TypeName === typeName && resource.Properties?.FieldName === fieldName);
  if (found.length !== 1) throw new Error(`Expected one resolver for ${typeName}.${fieldName}, found ${found.length}`);
  return found[0];
}

/** The pipeline functions of a resolver, in order. */
function pipeline(typeName: string, fieldName: string): Resource[] {
  const { stack, resource } = resolver(typeName, fieldName);
  return (resource.Properties?.PipelineConfig?.Functions ?? []).map((entry: unknown) => {
    const reference = assembly.resolve(stack, entry);
    return assembly.resource(reference.stack, reference.logicalId);
  });
}

/** The text of a pipeline function's request mapping template (inline or asset). */
function requestTemplate(fn: Resource): string {
  const properties = fn.Properties ?? {};
  return typeof properties.RequestMappingTemplate === 'string'
    ? properties.RequestMappingTemplate
    : assembly.readAsset(properties.RequestMappingTemplateS3Location);
}

/** What the VTL does for API-key callers: the body of its API Key branch. */
function apiKeyBranch(vtl: string): string {
  const start = vtl.indexOf(API_KEY_BRANCH);
  if (start < 0) throw new Error('The template has no API Key branch');
  return vtl.slice(start + API_KEY_BRANCH.length, vtl.indexOf('#end', start)).trim();
}

/** The groups a template's user-pool branch admits. */
function staticGroups(vtl: string): string[] {
  const match = /#set\( \$staticGroupRoles = (\[.*?\]) \)/.exec(vtl);
  if (!match) throw new Error('The template checks no static groups');
  return (JSON.parse(match[1]) as { entity: string }[]).map((role) => role.entity);
}

describe('resolver runtimes', () => {
  it('the custom handlers, and only they, run as APPSYNC_JS 1.0.0 pipeline resolvers', () => {
    // Act
    const jsResolvers = resolversBy((resource) => resource.Properties?.Runtime !== undefined).map(
      ({ resource }) => `${resource.Properties?.TypeName}.${resource.Properties?.FieldName}`,
    );

    // Assess
    expect(jsResolvers.sort()).toEqual([
      'Mutation.addNote',
      'Mutation.postStatusUpdate',
      'Mutation.scheduleMaintenance',
      'Subscription.onIncidentChanged',
      'Subscription.onMaintenanceScheduled',
      'Subscription.onNoteAdded',
      'Subscription.onServiceChanged',
      'Subscription.onStatusUpdatePosted',
    ]);
    for (const name of jsResolvers) {
      const [typeName, fieldName] = name.split('.');
      const { resource } = resolver(typeName, fieldName);
      expect(resource.Properties?.Runtime, name).toEqual(APPSYNC_JS);
      expect(resource.Properties?.Kind, name).toBe('PIPELINE');
      expect(pipeline(typeName, fieldName).map((fn) => fn.Properties?.Runtime), name).toEqual([APPSYNC_JS]);
    }
  });

  it('every other resolver — models, relationships, field rules, Lambda operations — is VTL', () => {
    // Act
    const vtlResolvers = resolversBy((resource) => resource.Properties?.Runtime === undefined);

    // Assess
    expect(vtlResolvers.length).toBeGreaterThan(40);
    for (const { logicalId, resource } of vtlResolvers) {
      const properties = resource.Properties ?? {};
      expect(properties.Code ?? properties.CodeS3Location, logicalId).toBeUndefined();
      expect(properties.RequestMappingTemplate ?? properties.RequestMappingTemplateS3Location, logicalId).toBeDefined();
    }
    expect(vtlResolvers.map(({ resource }) => `${resource.Properties?.TypeName}.${resource.Properties?.FieldName}`)).toEqual(
      expect.arrayContaining(['Query.getIncident', 'Mutation.updateIncident', 'Query.listIncidentsByStatus', 'Incident.timeline', 'Mutation.acknowledgeIncident']),
    );
  });

  it('every VTL pipeline function uses the 2018-05-29 template version', () => {
    // Act
    const functions = assembly.allResources('AWS::AppSync::FunctionConfiguration').filter(({ resource }) => !resource.Properties?.Runtime);

    // Assess
    expect(functions.length).toBeGreaterThan(100);
    for (const { logicalId, resource } of functions) {
      expect(resource.Properties?.FunctionVersion, logicalId).toBe('2018-05-29');
      expect(resource.Properties?.CodeS3Location ?? resource.Properties?.Code, logicalId).toBeUndefined();
    }
  });

  it.each([
    ['Mutation', 'addNote', 'amplify/data/add-note.js', 'TimelineEventTable'],
    ['Subscription', 'onIncidentChanged', 'amplify/data/on-incident-changed.js', 'NONE_DS'],
    ['Subscription', 'onNoteAdded', 'amplify/data/on-note-added.js', 'NONE_DS'],
    ['Mutation', 'postStatusUpdate', 'amplify/data/post-status-update.js', 'StatusUpdateTable'],
    ['Mutation', 'scheduleMaintenance', 'amplify/data/schedule-maintenance.js', 'MaintenanceWindowTable'],
    ['Subscription', 'onServiceChanged', 'amplify/data/on-published.js', 'NONE_DS'],
    ['Subscription', 'onStatusUpdatePosted', 'amplify/data/on-published.js', 'NONE_DS'],
    ['Subscription', 'onMaintenanceScheduled', 'amplify/data/on-published.js', 'NONE_DS'],
  ])('%s.%s runs %s verbatim on the %s data source', (typeName, fieldName, file, dataSource) => {
    // Act
    const [fn] = pipeline(typeName, fieldName);

    // Assess
    expect(assembly.readAsset(fn.Properties?.CodeS3Location)).toBe(source(file));
    expect(fn.Properties?.DataSourceName).toBe(dataSource);
  });

  it.each([
    ['amplify/data/add-note.js', 'MAX_NOTE_LENGTH', TEXT_LIMITS.note],
    ['amplify/data/post-status-update.js', 'MAX_STATUS_UPDATE_LENGTH', TEXT_LIMITS.statusUpdate],
    ['amplify/data/schedule-maintenance.js', 'MAX_MAINTENANCE_TITLE_LENGTH', TEXT_LIMITS.maintenanceTitle],
    ['amplify/data/schedule-maintenance.js', 'MAX_MAINTENANCE_DESCRIPTION_LENGTH', TEXT_LIMITS.maintenanceDescription],
  ])('%s enforces %s as the app’s forms do (TEXT_LIMITS: %i)', (file, constant, limit) => {
    // A JS resolver cannot import amplify/domain/text-limits.ts: its copy must not drift.
    expect(new RegExp(`const ${constant} = (\\d+);`).exec(source(file))?.[1]).toBe(String(limit));
  });

  it('addNote writes through the TimelineEvent table’s DynamoDB data source', () => {
    // Act
    const [logicalId, dataSource] = assembly.only(
      'amplifyDataTimelineEvent',
      'AWS::AppSync::DataSource',
      (resource) => resource.Properties?.Name === 'TimelineEventTable',
    );

    // Assess
    expect(dataSource.Properties?.Type).toBe('AMAZON_DYNAMODB');
    expect(assembly.references('amplifyDataTimelineEvent', dataSource.Properties?.DynamoDBConfig?.TableName)).toEqual([
      expect.objectContaining({ stack: 'amplifyDataTimelineEvent', logicalId: 'TimelineEventTable', attribute: 'TableArn' }),
    ]);
    expect(logicalId).toBe('TimelineEventDataSource');
  });
});

describe('Lambda data sources', () => {
  /** The `defineFunction` name of the function a Lambda data source invokes. */
  function invokedFunction(stack: string, dataSource: Resource): string {
    const target = assembly.resolve(stack, dataSource.Properties?.LambdaConfig?.LambdaFunctionArn);
    const fn = assembly.resource(target.stack, target.logicalId);
    expect(target).toMatchObject({ type: 'AWS::Lambda::Function', attribute: 'Arn' });
    return (fn.Properties?.Tags as { Key: string; Value: string }[]).find((tag) => tag.Key === 'amplify:friendly-name')?.Value ?? '';
  }

  it('invoke incident-lifecycle, alert-intake, incident-stats, service-catalog and integrations', () => {
    // Act
    const targets = Object.fromEntries(
      assembly
        .allResources('AWS::AppSync::DataSource')
        .filter(({ resource }) => resource.Properties?.Type === 'AWS_LAMBDA')
        .map(({ stack, resource }) => [resource.Properties?.Name, invokedFunction(stack, resource)]),
    );

    // Assess
    expect(targets).toEqual({
      FnAcknowledgeIncidentLambdaDataSource: 'incident-lifecycle',
      FnResolveIncidentLambdaDataSource: 'incident-lifecycle',
      FnReportAlertLambdaDataSource: 'alert-intake',
      FnIncidentStatsLambdaDataSource: 'incident-stats',
      FnAddServiceLambdaDataSource: 'service-catalog',
      FnEditServiceLambdaDataSource: 'service-catalog',
      FnAddIntegrationLambdaDataSource: 'integrations',
      FnRotateIntegrationTokenLambdaDataSource: 'integrations',
    });
  });

  it.each([
    ['Mutation', 'acknowledgeIncident', 'incident-lifecycle', ['RESPONDERS', 'ADMINS']],
    ['Mutation', 'resolveIncident', 'incident-lifecycle', ['RESPONDERS', 'ADMINS']],
    ['Mutation', 'reportAlert', 'alert-intake', ['RESPONDERS', 'ADMINS']],
    ['Query', 'incidentStats', 'incident-stats', ['RESPONDERS', 'ADMINS']],
    ['Mutation', 'addService', 'service-catalog', ['ADMINS']],
    ['Mutation', 'editService', 'service-catalog', ['ADMINS']],
    ['Mutation', 'addIntegration', 'integrations', ['ADMINS']],
    ['Mutation', 'rotateIntegrationToken', 'integrations', ['ADMINS']],
  ])('%s.%s: a group check, then an invoke of %s', (typeName, fieldName, functionName, groups) => {
    // Act
    const [authFunction, invokeFunction, ...rest] = pipeline(typeName, fieldName);
    const { stack } = resolver(typeName, fieldName);
    const dataSource = assembly.resolve(stack, invokeFunction.Properties?.DataSourceName);

    // Assess
    expect(rest).toEqual([]);
    expect(staticGroups(requestTemplate(authFunction))).toEqual(groups);
    expect(apiKeyBranch(requestTemplate(authFunction))).toBe('');
    expect(dataSource.attribute).toBe('Name');
    expect(invokedFunction(dataSource.stack, assembly.resource(dataSource.stack, dataSource.logicalId))).toBe(functionName);
  });

  it('send the payload the unit tests’ event factory builds: typeName and fieldName at the top level, no info', () => {
    // Prepare
    const factoryKeys = Object.keys(resolverEvent('acknowledgeIncident', {})).sort();
    const invokeFunctions = assembly
      .allResources('AWS::AppSync::FunctionConfiguration')
      .filter(({ resource }) => String(resource.Properties?.Name).startsWith('InvokeFn'));

    // Act
    const payloads = invokeFunctions.map(({ resource }) => {
      const vtl = requestTemplate(resource);
      const start = vtl.indexOf('"payload": {') + '"payload": {'.length;
      const body = vtl.slice(start, vtl.indexOf('},', start));
      return { operation: /"operation": "(\w+)"/.exec(vtl)?.[1], keys: [...body.matchAll(/^\s*"(\w+)":/gm)].map((m) => m[1]).sort() };
    });

    // Assess
    expect(payloads).toHaveLength(8);
    for (const payload of payloads) {
      expect(payload).toEqual({ operation: 'Invoke', keys: factoryKeys });
    }
    expect(factoryKeys).not.toContain('info');
  });
});

describe('field-level rules on Incident', () => {
  const INTERNAL_FIELDS = ['alertCount', 'commander', 'communicationsLead', 'description', 'escalationLevel', 'fingerprint', 'resolution', 'scribe', 'source'];

  it('give exactly the internal fields their own resolver in the Incident stack', () => {
    // Act
    const fieldResolvers = assembly
      .resources('amplifyDataIncident', 'AWS::AppSync::Resolver')
      .filter(([, resource]) => resource.Properties?.TypeName === 'Incident')
      .map(([, resource]) => resource.Properties?.FieldName);

    // Assess
    expect(fieldResolvers.sort()).toEqual(INTERNAL_FIELDS);
  });

  it.each(INTERNAL_FIELDS)('Incident.%s refuses API-key callers and admits RESPONDERS and ADMINS', (fieldName) => {
    // Act
    const [authFunction, ...rest] = pipeline('Incident', fieldName);
    const vtl = requestTemplate(authFunction);

    // Assess
    expect(rest).toEqual([]);
    expect(apiKeyBranch(vtl)).toBe('');
    expect(staticGroups(vtl)).toEqual(['RESPONDERS', 'ADMINS']);
    expect(vtl).toMatch(/#if\( !\$isAuthorized \)\s*\$util\.unauthorized\(\)/);
    expect(assembly.readAsset(authFunction.Properties?.ResponseMappingTemplateS3Location)).toContain(`$context.source["${fieldName}"]`);
  });

  it('while the model-level read rule does admit API-key callers (the contrast that makes the field rule matter)', () => {
    // Act
    const [authFunction] = pipeline('Query', 'getIncident');

    // Assess
    expect(apiKeyBranch(requestTemplate(authFunction))).toBe('#set( $isAuthorized = true )');
  });

  it.each(['title', 'severity', 'status', 'serviceId', 'triggeredAt', 'acknowledgedAt', 'resolvedAt'])(
    'Incident.%s, a public field, has no field resolver',
    (fieldName) => {
      expect(() => resolver('Incident', fieldName)).toThrow('found 0');
    },
  );
});

describe('GraphQL API', () => {
  it('authorizes with the user pool by default, and with API key and IAM', () => {
    // Act
    const [, api] = assembly.only('data', 'AWS::AppSync::GraphQLApi');

    // Assess
    expect(api.Properties?.AuthenticationType).toBe('AMAZON_COGNITO_USER_POOLS');
    expect(api.Properties?.AdditionalAuthenticationProviders).toEqual([{ AuthenticationType: 'API_KEY' }, { AuthenticationType: 'AWS_IAM' }]);
    expect(assembly.resolve('data', api.Properties?.UserPoolConfig?.UserPoolId)).toMatchObject({
      stack: 'auth',
      type: 'AWS::Cognito::UserPool',
      attribute: undefined,
    });
  });

  it('has an API key for the status page', () => {
    // Act
    const keys = assembly.resources('data', 'AWS::AppSync::ApiKey');

    // Assess
    expect(keys).toHaveLength(1);
    expect(keys[0][1].Properties?.Expires).toEqual(expect.any(Number));
  });
});
