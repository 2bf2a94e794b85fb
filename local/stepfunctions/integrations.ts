/**
 * The Task resources a state machine calls, each as an AWS SDK call through the edge, signed
 * with the state machine role's credentials: the service that answers authenticates the call
 * and evaluates the role's policies, exactly as for any other caller. Optimized integrations
 * (`arn:aws:states:::lambda:invoke`, `sns:publish`, …) shape their parameters and results as
 * Step Functions documents; `arn:aws:states:::aws-sdk:<service>:<action>` calls any action of a
 * service the local cloud serves, and fails the task, naming it, for one it does not.
 */
import { LOCAL_ACCOUNT } from '../assembly';
import type { Credentials, IamService } from '../iam/types';
import type { ServiceRegistry } from '../service';
import { StatesFailure } from './errors';

/** How an SDK service of `aws-sdk:<service>` is reached: its client package and class, its error prefix, the local service that serves it. */
interface SdkService {
  module: () => Promise<Record<string, unknown>>;
  client: string;
  /** Errors are `<prefix>.<Name>Exception` (Pascal case, as Step Functions names them). */
  errorPrefix: string;
  local: string;
}

const SDK_SERVICES: Record<string, SdkService> = {
  dynamodb: { module: () => import('@aws-sdk/client-dynamodb'), client: 'DynamoDBClient', errorPrefix: 'DynamoDb', local: 'dynamodb' },
  s3: { module: () => import('@aws-sdk/client-s3'), client: 'S3Client', errorPrefix: 'S3', local: 's3' },
  sqs: { module: () => import('@aws-sdk/client-sqs'), client: 'SQSClient', errorPrefix: 'Sqs', local: 'sqs' },
  sns: { module: () => import('@aws-sdk/client-sns'), client: 'SNSClient', errorPrefix: 'Sns', local: 'sns' },
  eventbridge: { module: () => import('@aws-sdk/client-eventbridge'), client: 'EventBridgeClient', errorPrefix: 'EventBridge', local: 'events' },
  lambda: { module: () => import('@aws-sdk/client-lambda'), client: 'LambdaClient', errorPrefix: 'Lambda', local: 'lambda' },
  ssm: { module: () => import('@aws-sdk/client-ssm'), client: 'SSMClient', errorPrefix: 'Ssm', local: 'ssm' },
  secretsmanager: { module: () => import('@aws-sdk/client-secrets-manager'), client: 'SecretsManagerClient', errorPrefix: 'SecretsManager', local: 'secretsmanager' },
  sfn: { module: () => import('@aws-sdk/client-sfn'), client: 'SFNClient', errorPrefix: 'Sfn', local: 'stepfunctions' },
  sts: { module: () => import('@aws-sdk/client-sts'), client: 'STSClient', errorPrefix: 'Sts', local: 'iam' },
  cognitoidentityprovider: { module: () => import('@aws-sdk/client-cognito-identity-provider'), client: 'CognitoIdentityProviderClient', errorPrefix: 'CognitoIdentityProvider', local: 'cognito' },
  scheduler: { module: () => import('@aws-sdk/client-scheduler'), client: 'SchedulerClient', errorPrefix: 'Scheduler', local: 'scheduler' },
};

/** Optimized integrations: the SDK service each calls and the prefix of its errors. */
const OPTIMIZED: Record<string, { sdk: string; errorPrefix: string; actions: readonly string[] }> = {
  lambda: { sdk: 'lambda', errorPrefix: 'Lambda', actions: ['invoke'] },
  sns: { sdk: 'sns', errorPrefix: 'SNS', actions: ['publish'] },
  sqs: { sdk: 'sqs', errorPrefix: 'SQS', actions: ['sendMessage'] },
  events: { sdk: 'eventbridge', errorPrefix: 'EventBridge', actions: ['putEvents'] },
  dynamodb: { sdk: 'dynamodb', errorPrefix: 'DynamoDB', actions: ['getItem', 'putItem', 'updateItem', 'deleteItem'] },
  states: { sdk: 'sfn', errorPrefix: 'StepFunctions', actions: ['startExecution'] },
};

export type IntegrationPattern = 'request' | 'sync' | 'sync:2' | 'waitForTaskToken';

export interface ParsedResource {
  resource: string;
  /** `lambda` (a function ARN: the legacy form), or the integration's service. */
  service: string;
  action: string;
  pattern: IntegrationPattern;
  /** The legacy form's function ARN. */
  functionArn?: string;
  sdk: boolean;
}

/** A Task's Resource, read; a StatesFailure for a resource that is not a Task resource Step Functions knows. */
export function parseResource(resource: string): ParsedResource {
  if (/^arn:aws:lambda:[^:]*:[^:]*:function:/.test(resource)) return { resource, service: 'lambda', action: 'invoke', pattern: 'request', functionArn: resource, sdk: false };
  const match = /^arn:aws:states:::(aws-sdk:)?([a-z0-9-]+):([a-zA-Z0-9]+)(?:\.(sync:2|sync|waitForTaskToken))?$/.exec(resource);
  if (!match) throw new StatesFailure('States.Runtime', `The resource ${resource} is not a Task resource the local Step Functions runs (activities and HTTP tasks are not run locally)`);
  return { resource, service: match[2]!, action: match[3]!, pattern: (match[4] as IntegrationPattern | undefined) ?? 'request', sdk: match[1] !== undefined };
}

export interface IntegrationsOptions {
  services: ServiceRegistry;
  /** The edge URL the calls go to. */
  endpoint: string;
}

type SdkClient = { send(command: unknown): Promise<Record<string, unknown>> };

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const text = (value: unknown) => (value === undefined || typeof value === 'string' ? value : JSON.stringify(value));

/** The Task integrations of one local Step Functions: its clients, one per role and service, signed with the role's credentials. */
export class Integrations {
  private readonly clients = new Map<string, Promise<SdkClient>>();
  private readonly sessions = new Map<string, Credentials>();

  constructor(private readonly options: IntegrationsOptions) {}

  /** Calls the resource with its parameters as the role; resolves with the task's result as Step Functions shapes it. */
  async call(parsed: ParsedResource, parameters: unknown, roleArn: string): Promise<unknown> {
    const params = (parameters ?? {}) as Record<string, unknown>;
    if (parsed.functionArn) return this.invokeFunction({ FunctionName: parsed.functionArn, Payload: parameters }, roleArn, 'Lambda', true);
    const optimized = parsed.sdk ? undefined : OPTIMIZED[parsed.service];
    if (!parsed.sdk) {
      if (!optimized || !optimized.actions.includes(parsed.action)) throw new StatesFailure('States.Runtime', `The resource ${parsed.resource} is not an optimized integration the local Step Functions runs (lambda:invoke, sns:publish, sqs:sendMessage, events:putEvents, dynamodb:getItem|putItem|updateItem|deleteItem, states:startExecution); use arn:aws:states:::aws-sdk:<service>:<action>`);
    }
    if (optimized?.sdk === 'lambda') return this.invokeFunction(params, roleArn, optimized.errorPrefix, false);
    const sdkName = optimized?.sdk ?? parsed.service;
    const errorPrefix = optimized?.errorPrefix ?? SDK_SERVICES[sdkName]?.errorPrefix ?? pascal(sdkName);
    const request = optimized ? optimizedRequest(parsed.service, params) : params;
    const output = await this.send(sdkName, parsed.action, request, roleArn, errorPrefix);
    if (parsed.service === 'states' && !parsed.sdk && parsed.pattern.startsWith('sync')) return this.awaitExecution(String(output.ExecutionArn), roleArn, parsed.pattern === 'sync:2');
    return output;
  }

  /** One SDK call through the edge; a refused call fails the task as `<Service>.<Name>Exception` with the service's message. */
  async send(sdkName: string, action: string, request: Record<string, unknown>, roleArn: string, errorPrefix: string): Promise<Record<string, unknown>> {
    const service = SDK_SERVICES[sdkName];
    if (!service) throw new StatesFailure('States.Runtime', `The local cloud does not serve the AWS service ${sdkName}, so arn:aws:states:::aws-sdk:${sdkName}:${action} cannot run locally (served: ${Object.keys(SDK_SERVICES).join(', ')})`);
    if (!this.options.services.find(service.local)) throw new StatesFailure('States.Runtime', `No local ${service.local} service runs in this local cloud, so ${sdkName}:${action} cannot run`);
    const module = await service.module();
    const Command = module[`${pascal(action)}Command`] as (new (input: unknown) => unknown) | undefined;
    if (!Command) throw new StatesFailure('States.Runtime', `${action} is not an action of the AWS SDK's ${sdkName} client`);
    const client = await this.client(sdkName, service, roleArn);
    // Step Functions' own API is camelCase; task parameters and results are PascalCase, as for every service.
    const camel = sdkName === 'sfn';
    try {
      const { $metadata: _metadata, ...output } = await client.send(new Command(camel ? recase(request, 'lower') : request));
      return (camel ? recase(plain(output), 'upper') : plain(output)) as Record<string, unknown>;
    } catch (error) {
      const name = (error as Error).name;
      if (!name || name === 'Error' || name === 'TypeError') throw new StatesFailure(`${errorPrefix}.SdkClientException`, (error as Error).message);
      throw new StatesFailure(`${errorPrefix}.${name.endsWith('Exception') ? name : `${name}Exception`}`, (error as Error).message);
    }
  }

  private async invokeFunction(params: Record<string, unknown>, roleArn: string, errorPrefix: string, legacy: boolean): Promise<unknown> {
    const payload = params.Payload === undefined ? undefined : new TextEncoder().encode(JSON.stringify(params.Payload));
    const output = await this.send('lambda', 'invoke', { ...params, Payload: payload }, roleArn, errorPrefix);
    const body = typeof output.Payload === 'string' ? output.Payload : '';
    let result: unknown = null;
    try {
      result = body === '' ? null : JSON.parse(body);
    } catch {
      result = body;
    }
    if (output.FunctionError) {
      // Step Functions names the failure after the function's error type; the cause is what it returned.
      const errorType = (result as { errorType?: string } | null)?.errorType;
      throw new StatesFailure(errorType ?? 'Lambda.Unknown', body);
    }
    if (legacy) return result;
    return { ExecutedVersion: output.ExecutedVersion ?? '$LATEST', Payload: result, SdkHttpMetadata: { HttpStatusCode: output.StatusCode ?? 200 }, StatusCode: output.StatusCode ?? 200 };
  }

  /** `states:startExecution.sync`: the child's DescribeExecution once it ends; a failed child fails the task. */
  private async awaitExecution(executionArn: string, roleArn: string, parseOutput: boolean): Promise<unknown> {
    for (;;) {
      const described = await this.send('sfn', 'describeExecution', { ExecutionArn: executionArn }, roleArn, 'StepFunctions');
      if (described.Status === 'SUCCEEDED') return parseOutput && typeof described.Output === 'string' ? { ...described, Output: JSON.parse(described.Output) as unknown } : described;
      if (described.Status !== 'RUNNING') throw new StatesFailure('States.TaskFailed', JSON.stringify(described));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private client(sdkName: string, service: SdkService, roleArn: string): Promise<SdkClient> {
    const key = `${roleArn}|${sdkName}`;
    let client = this.clients.get(key);
    if (!client) {
      client = service.module().then((module) => {
        const Client = module[service.client] as new (config: unknown) => SdkClient;
        return new Client({
          endpoint: this.options.endpoint,
          region: LOCAL_ACCOUNT.region,
          credentials: async () => this.credentials(roleArn),
          // Step Functions' Retry is the retry policy; the SDK makes one attempt.
          maxAttempts: 1,
          disableHostPrefix: true,
          forcePathStyle: true,
        });
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** The role's session credentials, issued again a minute before they expire. */
  private credentials(roleArn: string): Credentials {
    const iam = this.options.services.find<IamService>('iam');
    if (!iam) return { accessKeyId: 'test', secretAccessKey: 'test' };
    const held = this.sessions.get(roleArn);
    if (held && (!held.expiration || held.expiration.getTime() - Date.now() > 60_000)) return held;
    const credentials = iam.issueRoleCredentials(roleArn, { sessionName: 'states-execution', durationSeconds: 3600 });
    this.sessions.set(roleArn, credentials);
    return credentials;
  }
}

/** An optimized integration's parameters as the SDK takes them: message bodies, event details and inputs may be JSON. */
function optimizedRequest(service: string, params: Record<string, unknown>): Record<string, unknown> {
  switch (service) {
    case 'sns':
      return { ...params, Message: text(params.Message) };
    case 'sqs':
      return { ...params, MessageBody: text(params.MessageBody) };
    case 'events':
      return { ...params, Entries: ((params.Entries ?? []) as Record<string, unknown>[]).map((entry) => ({ ...entry, Detail: text(entry.Detail) })) };
    case 'states':
      return { ...params, Input: text(params.Input) };
    default:
      return params;
  }
}

/** Top-level member names with their first letter in the other case (Step Functions' camelCase API). */
function recase(value: unknown, to: 'lower' | 'upper'): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const change = (key: string) => (to === 'lower' ? key.charAt(0).toLowerCase() : key.charAt(0).toUpperCase()) + key.slice(1);
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [change(key), member]));
}

/** An SDK output as JSON: bytes as text, dates as ISO strings. */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, plain(v)]));
  return value;
}
