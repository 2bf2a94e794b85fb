import { defineBackend } from '@aws-amplify/backend';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { storage } from './storage/resource';
import { incidentLifecycle } from './functions/incident-lifecycle/resource';
import { alertIntake } from './functions/alert-intake/resource';
import { incidentStats } from './functions/incident-stats/resource';
import { escalate } from './functions/escalate/resource';
import { postConfirmation } from './functions/post-confirmation/resource';
import { serviceCatalog } from './functions/service-catalog/resource';

const backend = defineBackend({
  auth,
  data,
  storage,
  incidentLifecycle,
  alertIntake,
  incidentStats,
  escalate,
  postConfirmation,
  serviceCatalog,
});

// Function resolvers that write DynamoDB directly: table names and least-privilege grants.
const { Incident, TimelineEvent, Service } = backend.data.resources.tables;

const lifecycle = backend.incidentLifecycle.resources.lambda;
Incident.grantReadWriteData(lifecycle);
TimelineEvent.grantWriteData(lifecycle);
backend.incidentLifecycle.addEnvironment('INCIDENT_TABLE_NAME', Incident.tableName);
backend.incidentLifecycle.addEnvironment('TIMELINE_EVENT_TABLE_NAME', TimelineEvent.tableName);

const intake = backend.alertIntake.resources.lambda;
Incident.grantReadWriteData(intake);
TimelineEvent.grantWriteData(intake);
backend.alertIntake.addEnvironment('INCIDENT_TABLE_NAME', Incident.tableName);
backend.alertIntake.addEnvironment('TIMELINE_EVENT_TABLE_NAME', TimelineEvent.tableName);
backend.alertIntake.addEnvironment('INCIDENT_FINGERPRINT_INDEX', 'byFingerprint');

const catalog = backend.serviceCatalog.resources.lambda;
Service.grantReadWriteData(catalog);
backend.serviceCatalog.addEnvironment('SERVICE_TABLE_NAME', Service.tableName);
// One item per service name (without case or extra spaces), claimed in the same transaction as
// the service's write: two simultaneous adds or renames to one name cannot both succeed.
const serviceNames = new Table(Stack.of(catalog), 'ServiceNames', {
  partitionKey: { name: 'nameKey', type: AttributeType.STRING },
  billingMode: BillingMode.PAY_PER_REQUEST,
  removalPolicy: RemovalPolicy.DESTROY,
});
serviceNames.grantReadWriteData(catalog);
backend.serviceCatalog.addEnvironment('SERVICE_NAME_TABLE_NAME', serviceNames.tableName);

const stats = backend.incidentStats.resources.lambda;
Incident.grantReadData(stats);
backend.incidentStats.addEnvironment('INCIDENT_TABLE_NAME', Incident.tableName);
backend.incidentStats.addEnvironment('INCIDENT_SERVICE_INDEX', 'byService');

// A query on a secondary index is authorized against the index's ARN, which the table
// grants above do not name: without this, every byFingerprint / byService query is denied.
const queryIncidentIndexes = new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${Incident.tableArn}/index/*`] });
intake.addToRolePolicy(queryIncidentIndexes);
stats.addToRolePolicy(queryIncidentIndexes);
