import { defineBackend } from '@aws-amplify/backend';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Cors, LambdaIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { storage } from './storage/resource';
import { incidentLifecycle } from './functions/incident-lifecycle/resource';
import { alertIntake } from './functions/alert-intake/resource';
import { incidentStats } from './functions/incident-stats/resource';
import { escalate } from './functions/escalate/resource';
import { postConfirmation } from './functions/post-confirmation/resource';
import { serviceCatalog } from './functions/service-catalog/resource';
import { integrations } from './functions/integrations/resource';
import { alertAuthorizer } from './functions/alert-authorizer/resource';
import { alertWebhook } from './functions/alert-webhook/resource';
import { alertQueue } from './functions/alert-queue/resource';
import { publicStatus } from './functions/public-status/resource';
import { SECRET_NAME_PREFIX } from './domain/integration-token';

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
  integrations,
  alertAuthorizer,
  alertWebhook,
  alertQueue,
  publicStatus,
});

// Function resolvers that write DynamoDB directly: table names and least-privilege grants.
const { Incident, TimelineEvent, Service, Integration } = backend.data.resources.tables;

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

// ---- Alert ingestion (DESIGN.md "Alert ingestion") ----
// The webhook's API, its authorizer and function, the queue and the status API share the
// `ingest` stack (the functions' resourceGroupName). Every reference runs ingest → data: the
// queue's consumer sits in the data stack (it calls the data API with IAM), so its mapping and
// its permission on the queue are made here, in the ingest stack, not on the function.
const webhook = backend.alertWebhook.resources.lambda;
const ingest = Stack.of(webhook);
const integrationSecrets = `arn:${ingest.partition}:secretsmanager:${ingest.region}:${ingest.account}:secret:${SECRET_NAME_PREFIX}*`;

const alertDeadLetters = new Queue(ingest, 'AlertDeadLetters', { retentionPeriod: Duration.days(14) });
const alertQueueResource = new Queue(ingest, 'Alerts', {
  // Six times the consumer's timeout, as Lambda advises for SQS sources.
  visibilityTimeout: Duration.seconds(180),
  retentionPeriod: Duration.days(4),
  deadLetterQueue: { queue: alertDeadLetters, maxReceiveCount: 5 },
});

// addIntegration / rotateIntegrationToken: the integration's item and its secret.
const integrationsFunction = backend.integrations.resources.lambda;
Integration.grantReadWriteData(integrationsFunction);
Service.grantReadData(integrationsFunction);
backend.integrations.addEnvironment('INTEGRATION_TABLE_NAME', Integration.tableName);
backend.integrations.addEnvironment('SERVICE_TABLE_NAME', Service.tableName);
integrationsFunction.addToRolePolicy(
  new PolicyStatement({ actions: ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue'], resources: [integrationSecrets] }),
);

// The authorizer reads the tokens (current and previous), nothing else.
backend.alertAuthorizer.resources.lambda.addToRolePolicy(
  new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [integrationSecrets] }),
);

Integration.grantReadData(webhook);
alertQueueResource.grantSendMessages(webhook);
backend.alertWebhook.addEnvironment('INTEGRATION_TABLE_NAME', Integration.tableName);
backend.alertWebhook.addEnvironment('ALERT_QUEUE_URL', alertQueueResource.queueUrl);

const consumer = backend.alertQueue.resources.lambda;
new EventSourceMapping(ingest, 'AlertQueueMapping', {
  target: consumer,
  eventSourceArn: alertQueueResource.queueArn,
  batchSize: 10,
  maxBatchingWindow: Duration.seconds(1),
  reportBatchItemFailures: true,
});
new Policy(ingest, 'AlertQueueConsumer', {
  statements: [
    new PolicyStatement({
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      resources: [alertQueueResource.queueArn],
    }),
  ],
}).attachToRole(consumer.role!);

const alertsApi = new HttpApi(ingest, 'AlertsApi', { apiName: 'flareAlerts', createDefaultStage: true });
alertsApi.addRoutes({
  path: '/alerts/{integrationId}',
  methods: [HttpMethod.POST],
  integration: new HttpLambdaIntegration('AlertWebhook', webhook),
  authorizer: new HttpLambdaAuthorizer('AlertToken', backend.alertAuthorizer.resources.lambda, {
    responseTypes: [HttpLambdaResponseType.SIMPLE],
    identitySource: ['$request.header.Authorization'],
    // No gateway cache: its key would be the token alone, not the token for this integration.
    // The authorizer caches the secrets itself.
    resultsCacheTtl: Duration.seconds(0),
  }),
});

// GET /status and /status/feed: the public status for embedding and feed readers.
const statusFunction = backend.publicStatus.resources.lambda;
Service.grantReadData(statusFunction);
Incident.grantReadData(statusFunction);
statusFunction.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${Incident.tableArn}/index/*`] }));
backend.publicStatus.addEnvironment('SERVICE_TABLE_NAME', Service.tableName);
backend.publicStatus.addEnvironment('INCIDENT_TABLE_NAME', Incident.tableName);
backend.publicStatus.addEnvironment('INCIDENT_STATUS_INDEX', 'byStatus');
const statusApi = new RestApi(ingest, 'StatusApi', {
  restApiName: 'flareStatus',
  deployOptions: { stageName: 'prod' },
  defaultCorsPreflightOptions: { allowOrigins: Cors.ALL_ORIGINS, allowMethods: ['GET', 'OPTIONS'] },
  // No account-wide CloudWatch role (AWS::ApiGateway::Account): one per account, not one per app.
  cloudWatchRole: false,
});
const statusIntegration = new LambdaIntegration(statusFunction);
const statusPath = statusApi.root.addResource('status');
statusPath.addMethod('GET', statusIntegration);
statusPath.addResource('feed').addMethod('GET', statusIntegration);

backend.addOutput({
  custom: {
    // As Amplify's REST API guide names them: the aws-amplify REST client calls `flareStatus` by name.
    API: {
      [statusApi.restApiName]: { endpoint: statusApi.url, region: ingest.region, apiName: statusApi.restApiName },
    },
    alerts: {
      /** POST <webhookUrl><integrationId> with `Authorization: Bearer <token>`. */
      webhookUrl: `${alertsApi.url}alerts/`,
      queueUrl: alertQueueResource.queueUrl,
      deadLetterQueueUrl: alertDeadLetters.queueUrl,
    },
  },
});
