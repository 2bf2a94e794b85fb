/**
 * Alert ingestion as synthesized (amplify/backend.ts): the webhook's HTTP API and its Lambda
 * authorizer, the alert queue with its dead-letter queue and event-source mapping, the status
 * REST API, the secrets permissions, and the URLs in amplify_outputs.json's `custom`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAssembly, sameResource, type CloudAssembly, type Resource, type StatementView } from '../helpers/assembly';

let assembly: CloudAssembly;

beforeAll(() => {
  assembly = loadAssembly();
});

const SECRETS = 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:flare/integrations/*';

function only(type: string, matches: (resource: Resource, logicalId: string) => boolean = () => true): Resource {
  return assembly.only('ingest', type, matches)[1];
}

/** Every Allow statement of every policy attached to the function's role, in any stack. */
function statements(name: string): StatementView[] {
  const fn = assembly.amplifyFunction(name);
  return assembly
    .policiesAttachedTo(assembly.resolve(fn.stack, fn.resource.Properties?.Role))
    .flatMap((policy) => policy.statements)
    .filter((statement) => statement.effect === 'Allow');
}

function actionsOn(name: string, resource: string): string[] {
  return [...new Set(statements(name).filter((s) => s.resources.includes(resource)).flatMap((s) => s.actions))].sort();
}

function isFunction(stack: string, expression: unknown, name: string): boolean {
  const fn = assembly.amplifyFunction(name);
  return assembly.references(stack, expression).some((ref) => sameResource(ref, { stack: fn.stack, logicalId: fn.logicalId }));
}

describe('the alert webhook (HTTP API)', () => {
  it('has one route, POST /alerts/{integrationId}, behind a Lambda authorizer, into the alert-webhook function', () => {
    // Act
    const route = only('AWS::ApiGatewayV2::Route');
    const [target] = assembly.references('ingest', route.Properties?.Target);
    const integration = assembly.resource('ingest', target.logicalId);

    // Assess
    expect(route.Properties).toMatchObject({ RouteKey: 'POST /alerts/{integrationId}', AuthorizationType: 'CUSTOM' });
    expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    expect(isFunction('ingest', integration.Properties?.IntegrationUri, 'alert-webhook')).toBe(true);
  });

  it('authorizes with the alert-authorizer function: simple responses on the Authorization header, no gateway cache', () => {
    // Act
    const authorizer = only('AWS::ApiGatewayV2::Authorizer');

    // Assess
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 0,
    });
    expect(isFunction('ingest', authorizer.Properties?.AuthorizerUri, 'alert-authorizer')).toBe(true);
  });
});

describe('the alert queue', () => {
  it('redrives to a dead-letter queue after 5 receives, with a visibility timeout six times the consumer\'s timeout', () => {
    // Act
    const queue = only('AWS::SQS::Queue', (resource) => resource.Properties?.RedrivePolicy !== undefined);
    const deadLetters = assembly.resolve('ingest', queue.Properties?.RedrivePolicy.deadLetterTargetArn);
    const consumerTimeout = assembly.amplifyFunction('alert-queue').resource.Properties?.Timeout;

    // Assess
    expect(queue.Properties?.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(deadLetters.type).toBe('AWS::SQS::Queue');
    expect(queue.Properties?.VisibilityTimeout).toBe(6 * consumerTimeout);
  });

  it('feeds alert-queue in batches of 10 within 1 s, reporting batch item failures', () => {
    // Act
    const mapping = only('AWS::Lambda::EventSourceMapping');

    // Assess
    expect(mapping.Properties).toMatchObject({ BatchSize: 10, MaximumBatchingWindowInSeconds: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(isFunction('ingest', mapping.Properties?.FunctionName, 'alert-queue')).toBe(true);
    expect(assembly.resolve('ingest', mapping.Properties?.EventSourceArn).logicalId).toMatch(/^Alerts[0-9A-F]{8}$/);
  });

  it('is sent to by alert-webhook only, and consumed by alert-queue', () => {
    // Prepare
    const [queueLogicalId] = assembly.only('ingest', 'AWS::SQS::Queue', (resource) => resource.Properties?.RedrivePolicy !== undefined);
    const queueArn = `{ingest/${queueLogicalId}.Arn}`;

    // Assess (CDK grants batch sends through sqs:SendMessage: IAM has no action of their own)
    expect(actionsOn('alert-webhook', queueArn)).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    expect(actionsOn('alert-queue', queueArn)).toEqual(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage']);
    expect(actionsOn('alert-authorizer', queueArn)).toEqual([]);
  });
});

describe('integration tokens in Secrets Manager', () => {
  it('are created and rotated by integrations, read by alert-authorizer, and by no other function', () => {
    // Act
    const readers = ['alert-webhook', 'alert-queue', 'alert-intake', 'escalate', 'public-status'].filter((name) => actionsOn(name, SECRETS).length > 0);

    // Assess
    expect(actionsOn('integrations', SECRETS)).toEqual(['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue']);
    expect(actionsOn('alert-authorizer', SECRETS)).toEqual(['secretsmanager:GetSecretValue']);
    expect(readers).toEqual([]);
  });
});

describe('the status REST API', () => {
  it('serves GET /status and GET /status/feed through the public-status function, with CORS preflights', () => {
    // Act
    const methods = assembly.resources('ingest', 'AWS::ApiGateway::Method').map(([, method]) => method);
    const gets = methods.filter((method) => method.Properties?.HttpMethod === 'GET');

    // Assess
    expect(gets).toHaveLength(2);
    for (const method of gets) {
      expect(method.Properties).toMatchObject({ AuthorizationType: 'NONE', Integration: { Type: 'AWS_PROXY' } });
      expect(isFunction('ingest', method.Properties?.Integration.Uri, 'public-status')).toBe(true);
    }
    expect(methods.filter((method) => method.Properties?.HttpMethod === 'OPTIONS')).toHaveLength(3);
  });
});

describe('amplify_outputs.json', () => {
  it('names the webhook URL, the queues and the status API under custom', () => {
    // Act
    const output = assembly.stack('root').template.Outputs?.customOutputs;
    const text = JSON.stringify(output?.Value);

    // Assess
    expect(text).toContain('alerts/');
    expect(text).toContain('webhookUrl');
    expect(text).toContain('deadLetterQueueUrl');
    expect(text).toContain('flareStatus');
  });
});
