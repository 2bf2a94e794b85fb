import { beforeAll, describe, expect, it } from 'vitest';
import { loadAssembly, type CloudAssembly, type Resource } from '../helpers/assembly';

interface KeyElement {
  attributeName: string;
  keyType: 'HASH' | 'RANGE';
}
interface IndexDefinition {
  indexName: string;
  keySchema: KeyElement[];
  projection: { projectionType: string };
}

let assembly: CloudAssembly;

beforeAll(() => {
  assembly = loadAssembly();
});

/** The model's table: `Custom::AmplifyDynamoDBTable` in the model's own nested stack. */
function table(model: 'Service' | 'Incident' | 'TimelineEvent'): Resource {
  return assembly.only(`amplifyData${model}`, 'Custom::AmplifyDynamoDBTable')[1];
}

/** `{ byStatus: 'status HASH, triggeredAt RANGE', … }` for compact, exact comparison. */
function indexes(resource: Resource): Record<string, string> {
  const definitions = (resource.Properties?.globalSecondaryIndexes ?? []) as IndexDefinition[];
  return Object.fromEntries(
    definitions.map((index) => [index.indexName, index.keySchema.map((key) => `${key.attributeName} ${key.keyType}`).join(', ')]),
  );
}

describe('model tables', () => {
  it('are Amplify-managed tables, one per model, each in its model’s stack', () => {
    // Act
    const tables = assembly.allResources('Custom::AmplifyDynamoDBTable').map(({ stack, logicalId }) => `${stack}/${logicalId}`);

    // Assess
    expect(tables.sort()).toEqual([
      'amplifyDataIncident/IncidentTable',
      'amplifyDataIntegration/IntegrationTable',
      'amplifyDataMaintenanceWindow/MaintenanceWindowTable',
      'amplifyDataService/ServiceTable',
      'amplifyDataStatusUpdate/StatusUpdateTable',
      'amplifyDataTimelineEvent/TimelineEventTable',
    ]);
    // Beside them, one plain table: the service-catalog function's name claims (not a model).
    expect(assembly.allResources('AWS::DynamoDB::Table').map(({ logicalId }) => logicalId)).toEqual([expect.stringMatching(/^ServiceNames/)]);
  });

  it.each(['Service', 'Incident', 'TimelineEvent'] as const)('%s is keyed by id and streams new and old images', (model) => {
    // Act
    const properties = table(model).Properties ?? {};

    // Assess
    expect(properties.keySchema).toEqual([{ attributeName: 'id', keyType: 'HASH' }]);
    expect(properties.streamSpecification).toEqual({ streamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(properties.tableName['Fn::Join'][1][0]).toBe(`${model}-`);
  });

  it('Incident has the byStatus, byService and byFingerprint indexes (plus the hasMany index from Service)', () => {
    // Act
    const incidentIndexes = indexes(table('Incident'));

    // Assess
    expect(incidentIndexes).toEqual({
      byStatus: 'status HASH, triggeredAt RANGE',
      byService: 'serviceId HASH, triggeredAt RANGE',
      byFingerprint: 'fingerprint HASH',
      'gsi-Service.incidents': 'serviceId HASH',
    });
  });

  it('TimelineEvent has the byIncident index (plus the hasMany index from Incident)', () => {
    // Act + Assess
    expect(indexes(table('TimelineEvent'))).toEqual({
      byIncident: 'incidentId HASH, createdAt RANGE',
      'gsi-Incident.timeline': 'incidentId HASH',
    });
  });

  it('Service has no secondary index', () => {
    expect(indexes(table('Service'))).toEqual({});
  });

  it('every index projects all attributes (handlers read whole items from them)', () => {
    // Act
    const projections = (['Incident', 'TimelineEvent'] as const).flatMap((model) =>
      ((table(model).Properties?.globalSecondaryIndexes ?? []) as IndexDefinition[]).map((index) => index.projection.projectionType),
    );

    // Assess
    expect(projections).toHaveLength(6);
    expect(new Set(projections)).toEqual(new Set(['ALL']));
  });

  it.each([
    ['Incident', { id: 'S', status: 'S', triggeredAt: 'S', serviceId: 'S', fingerprint: 'S' }],
    ['TimelineEvent', { id: 'S', incidentId: 'S', createdAt: 'S' }],
    ['Service', { id: 'S' }],
  ] as const)('%s declares its key attributes as strings', (model, expected) => {
    // Act
    const definitions = (table(model).Properties?.attributeDefinitions ?? []) as { attributeName: string; attributeType: string }[];

    // Assess
    expect(Object.fromEntries(definitions.map((d) => [d.attributeName, d.attributeType]))).toEqual(expected);
  });
});
