import {
  Kind,
  parse,
  print,
  type DocumentNode,
  type EnumTypeDefinitionNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAssembly, type CloudAssembly } from '../helpers/assembly';

let assembly: CloudAssembly;
let schema: DocumentNode;

beforeAll(() => {
  assembly = loadAssembly();
  const [, graphqlSchema] = assembly.only('data', 'AWS::AppSync::GraphQLSchema');
  // The asset is the transformed SDL without AWS scalar/directive declarations: parse, don't build.
  schema = parse(assembly.readAsset(graphqlSchema.Properties?.DefinitionS3Location));
});

function objectType(name: string): ObjectTypeDefinitionNode {
  const found = schema.definitions.find(
    (definition): definition is ObjectTypeDefinitionNode => definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === name,
  );
  if (!found) throw new Error(`No type ${name} in the schema`);
  return found;
}

function enumValues(name: string): string[] {
  const found = schema.definitions.find(
    (definition): definition is EnumTypeDefinitionNode => definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === name,
  );
  if (!found) throw new Error(`No enum ${name} in the schema`);
  return (found.values ?? []).map((value) => value.name.value);
}

function field(typeName: string, fieldName: string): FieldDefinitionNode {
  const found = objectType(typeName).fields?.find((candidate) => candidate.name.value === fieldName);
  if (!found) throw new Error(`No field ${typeName}.${fieldName} in the schema`);
  return found;
}

/** `name(arg: Type, …): Type` */
function signature(typeName: string, fieldName: string): string {
  const node = field(typeName, fieldName);
  const args = (node.arguments ?? []).map((arg) => `${arg.name.value}: ${print(arg.type)}`);
  return `${fieldName}${args.length ? `(${args.join(', ')})` : ''}: ${print(node.type)}`;
}

function directives(node: { directives?: readonly { name: { value: string } }[] }): string[] {
  return (node.directives ?? []).map((directive) => directive.name.value);
}

/** The fields of a root type reachable with the public API key. */
function apiKeyFields(typeName: 'Query' | 'Mutation' | 'Subscription'): string[] {
  return (objectType(typeName).fields ?? []).filter((node) => directives(node).includes('aws_api_key')).map((node) => node.name.value);
}

describe('GraphQL schema (transformed, as deployed)', () => {
  it('is the asset the GraphQLSchema resource points at', () => {
    // Act
    const [, graphqlSchema] = assembly.only('data', 'AWS::AppSync::GraphQLSchema');

    // Assess
    expect(graphqlSchema.Properties?.DefinitionS3Location['Fn::Sub']).toMatch(/\/[0-9a-f]{64}\.graphql$/);
    expect(assembly.resolve('data', graphqlSchema.Properties?.ApiId)).toMatchObject({ type: 'AWS::AppSync::GraphQLApi', attribute: 'ApiId' });
  });

  it('has the enums of the domain', () => {
    expect(enumValues('Severity')).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    expect(enumValues('IncidentStatus')).toEqual(['TRIGGERED', 'ACKNOWLEDGED', 'RESOLVED']);
    expect(enumValues('TimelineKind')).toEqual(['TRIGGERED', 'ALERT', 'NOTE', 'ACKNOWLEDGED', 'ESCALATED', 'RESOLVED', 'ATTACHMENT']);
    expect(enumValues('ServiceStatus')).toEqual(['OPERATIONAL', 'DEGRADED', 'PARTIAL_OUTAGE', 'MAJOR_OUTAGE', 'MAINTENANCE']);
  });

  describe('models', () => {
    it('Incident has its fields, relationships and timestamps', () => {
      // Act
      const fields = (objectType('Incident').fields ?? []).map((node) => `${node.name.value}: ${print(node.type)}`);

      // Assess
      expect(fields.sort()).toEqual(
        [
          'title: String!',
          'description: String',
          'severity: Severity!',
          'status: IncidentStatus!',
          'serviceId: ID!',
          'service: Service',
          'fingerprint: String',
          'source: String',
          'commander: String',
          'communicationsLead: String',
          'scribe: String',
          'escalationLevel: Int',
          'alertCount: Int',
          'triggeredAt: AWSDateTime!',
          'acknowledgedAt: AWSDateTime',
          'resolvedAt: AWSDateTime',
          'resolution: String',
          'timeline: ModelTimelineEventConnection',
          'statusUpdates: ModelStatusUpdateConnection',
          'id: ID!',
          'createdAt: AWSDateTime!',
          'updatedAt: AWSDateTime!',
        ].sort(),
      );
    });

    it('TimelineEvent has an owner field for its owner rule', () => {
      // Act
      const fields = (objectType('TimelineEvent').fields ?? []).map((node) => node.name.value);

      // Assess
      expect(fields.sort()).toEqual(
        ['incidentId', 'incident', 'kind', 'message', 'author', 'attachmentKey', 'createdAt', 'id', 'updatedAt', 'owner'].sort(),
      );
    });

    it('Service and Incident are API-key readable types; TimelineEvent is not', () => {
      expect(directives(objectType('Service'))).toContain('aws_api_key');
      expect(directives(objectType('Incident'))).toContain('aws_api_key');
      expect(directives(objectType('TimelineEvent'))).not.toContain('aws_api_key');
    });
  });

  describe('secondary-index queries', () => {
    it.each([
      'listIncidentsByStatus(status: IncidentStatus!, triggeredAt: ModelStringKeyConditionInput, sortDirection: ModelSortDirection, filter: ModelIncidentFilterInput, limit: Int, nextToken: String): ModelIncidentConnection',
      'listIncidentsByService(serviceId: ID!, triggeredAt: ModelStringKeyConditionInput, sortDirection: ModelSortDirection, filter: ModelIncidentFilterInput, limit: Int, nextToken: String): ModelIncidentConnection',
      'listIncidentsByFingerprint(fingerprint: String!, sortDirection: ModelSortDirection, filter: ModelIncidentFilterInput, limit: Int, nextToken: String): ModelIncidentConnection',
      'listTimelineEventsByIncident(incidentId: ID!, createdAt: ModelStringKeyConditionInput, sortDirection: ModelSortDirection, filter: ModelTimelineEventFilterInput, limit: Int, nextToken: String): ModelTimelineEventConnection',
    ])('Query.%s', (expected) => {
      // Act
      const name = expected.slice(0, expected.indexOf('('));

      // Assess
      expect(signature('Query', name)).toBe(expected);
    });
  });

  describe('custom operations', () => {
    it.each([
      ['Mutation', 'acknowledgeIncident(incidentId: ID!): Incident'],
      ['Mutation', 'resolveIncident(incidentId: ID!, resolution: String!): Incident'],
      [
        'Mutation',
        'reportAlert(fingerprint: String!, serviceId: ID!, title: String!, severity: Severity!, description: String, source: String, status: AlertStatus, autoResolve: Boolean, alertId: String): Incident',
      ],
      ['Mutation', 'addIntegration(name: String!, kind: IntegrationKind!, serviceId: ID!, defaultSeverity: Severity!, autoResolve: Boolean): IntegrationToken'],
      ['Mutation', 'rotateIntegrationToken(id: ID!): IntegrationToken'],
      ['Mutation', 'addNote(incidentId: ID!, message: String!): TimelineEvent'],
      ['Query', 'incidentStats(serviceId: ID, since: AWSDateTime): IncidentStats'],
      ['Subscription', 'onIncidentChanged(serviceId: ID): Incident'],
      ['Subscription', 'onNoteAdded(incidentId: ID!): TimelineEvent'],
    ])('%s.%s', (typeName, expected) => {
      // Act
      const name = expected.slice(0, expected.indexOf('('));

      // Assess
      expect(signature(typeName, name)).toBe(expected);
    });

    it.each([
      ['onIncidentChanged', '@aws_subscribe(mutations: ["acknowledgeIncident", "resolveIncident", "reportAlert"])'],
      ['onNoteAdded', '@aws_subscribe(mutations: ["addNote"])'],
    ])('Subscription.%s fires for the custom mutations that feed it', (fieldName, expected) => {
      // Act
      const subscribe = field('Subscription', fieldName).directives?.find((d) => d.name.value === 'aws_subscribe');

      // Assess
      expect(subscribe && print(subscribe)).toBe(expected);
    });

    it('IncidentStats returns counts and durations', () => {
      expect(signature('IncidentStats', 'byStatus')).toBe('byStatus: IncidentCounts!');
      expect(signature('IncidentStats', 'bySeverity')).toBe('bySeverity: SeverityCounts!');
      expect(signature('IncidentStats', 'timeToAcknowledge')).toBe('timeToAcknowledge: DurationStats!');
      expect(signature('DurationStats', 'medianSeconds')).toBe('medianSeconds: Float');
    });

    it.each([
      ['Mutation', 'addNote'],
      ['Subscription', 'onIncidentChanged'],
      ['Subscription', 'onNoteAdded'],
    ])('%s.%s is limited to the RESPONDERS and ADMINS groups among user-pool callers', (typeName, fieldName) => {
      // Act
      const userPools = field(typeName, fieldName).directives?.find((d) => d.name.value === 'aws_cognito_user_pools');

      // Assess
      expect(userPools && print(userPools)).toBe('@aws_cognito_user_pools(cognito_groups: ["RESPONDERS", "ADMINS"])');
    });
  });

  describe('what the public API key reaches', () => {
    it('reads services, incidents, public updates and maintenance windows only', () => {
      expect(apiKeyFields('Query').sort()).toEqual(
        [
          'getService',
          'listServices',
          'getIncident',
          'listIncidents',
          'listIncidentsByStatus',
          'listIncidentsByService',
          'listIncidentsByFingerprint',
          'getStatusUpdate',
          'listStatusUpdates',
          'listStatusUpdatesByIncident',
          'getMaintenanceWindow',
          'listMaintenanceWindows',
        ].sort(),
      );
    });

    it('changes nothing: no mutation accepts the API key (reportAlert included)', () => {
      expect(apiKeyFields('Mutation')).toEqual([]);
      expect(directives(field('Mutation', 'reportAlert'))).toEqual(['aws_iam', 'aws_cognito_user_pools']);
    });

    it('subscribes to service and incident changes (the live status page), never to timeline events or notes', () => {
      expect(apiKeyFields('Subscription').sort()).toEqual(
        [
          'onIncidentChanged',
          'onCreateService',
          'onUpdateService',
          'onDeleteService',
          'onCreateIncident',
          'onUpdateIncident',
          'onDeleteIncident',
          'onServiceChanged',
          'onStatusUpdatePosted',
          'onMaintenanceScheduled',
          'onCreateStatusUpdate',
          'onUpdateStatusUpdate',
          'onDeleteStatusUpdate',
          'onCreateMaintenanceWindow',
          'onUpdateMaintenanceWindow',
          'onDeleteMaintenanceWindow',
        ].sort(),
      );
    });
  });
});
