import { createHash } from 'node:crypto';
import { LOCAL_ACCOUNT } from './template';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Deterministic, seed-dependent identifiers: the same assembly and state
 * directory give the same ids after a restart (so persisted tables, users and
 * objects stay attached), while two state directories never collide.
 */
export class IdGenerator {
  constructor(private readonly seed: string) {}

  token(key: string, length: number, alphabet: string = ALNUM): string {
    let out = '';
    for (let round = 0; out.length < length; round++) {
      const bytes = createHash('sha256').update(`${this.seed}\0${key}\0${round}`).digest();
      for (const byte of bytes) {
        if (out.length === length) break;
        out += alphabet[byte % alphabet.length];
      }
    }
    return out;
  }

  uuid(key: string): string {
    const hex = createHash('sha256').update(`${this.seed}\0${key}\0uuid`).digest('hex');
    // Version-4 shape so clients that validate UUIDs accept it.
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16], 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  lower(key: string, length: number): string {
    return this.token(key, length, LOWER_ALNUM);
  }

  upper(key: string, length: number): string {
    return this.token(key, length, UPPER_ALNUM);
  }
}

/** What a physical-id rule sees of a resource. */
export interface ResourceFacts {
  type: string;
  logicalId: string;
  stackName: string;
  /** Evaluated property (undefined when absent). */
  prop(name: string): unknown;
  ids: IdGenerator;
  endpoint: string;
  /** Key unique to this resource within the assembly. */
  key: string;
  /** How many resources of this type the assembly holds (URL layout may depend on it). */
  countOfType(type: string): number;
}

type AttributeRule = (r: ResourceFacts, self: Identified) => unknown;

export interface Identified {
  ref: string;
  attributes: Record<string, unknown>;
}

interface TypeRule {
  ref: (r: ResourceFacts) => string;
  attributes?: Record<string, AttributeRule>;
}

const { accountId: ACCOUNT, region: REGION } = LOCAL_ACCOUNT;

/** CloudFormation's generated name: `<stack>-<logicalId>-<RANDOM>`, cut to the service's limit. */
export function generatedName(r: ResourceFacts, maxLength: number, lowercase = false): string {
  const suffix = lowercase ? r.ids.lower(r.key, 12) : r.ids.upper(r.key, 12);
  const room = maxLength - suffix.length - 2;
  const stackPart = r.stackName.slice(0, Math.floor(room / 2));
  const logicalPart = r.logicalId.slice(0, room - stackPart.length);
  const name = `${stackPart}-${logicalPart}-${suffix}`;
  return lowercase ? name.toLowerCase() : name;
}

const named = (prop: string, maxLength: number, lowercase = false) => (r: ResourceFacts) =>
  (r.prop(prop) as string | undefined) ?? generatedName(r, maxLength, lowercase);

const arn = (service: string, resource: string, region: string = REGION) =>
  `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`;

const tableArn = (name: string) => arn('dynamodb', `table/${name}`);
// Stream labels are timestamps in AWS; a fixed one keeps ARNs stable across restarts.
const STREAM_LABEL = '2026-01-01T00:00:00.000';

const isTrue = (value: unknown) => value === true || value === 'true';

/** The bus a rule's `EventBusName` names (a name or an ARN), `default` when absent. */
function ruleBusName(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'default';
  return value.startsWith('arn:') ? value.slice(value.indexOf(':event-bus/') + ':event-bus/'.length) : value;
}

function appsyncUrl(r: ResourceFacts, apiId: string, path: string): string {
  return r.countOfType('AWS::AppSync::GraphQLApi') > 1 ? `${r.endpoint}/apis/${apiId}${path}` : `${r.endpoint}${path}`;
}

const rules: Record<string, TypeRule> = {
  'AWS::IAM::Role': {
    ref: named('RoleName', 64),
    attributes: {
      Arn: (r, s) => `arn:aws:iam::${ACCOUNT}:role${(r.prop('Path') as string | undefined) ?? '/'}${s.ref}`,
      RoleId: (r) => `AROA${r.ids.upper(r.key, 17)}`,
    },
  },
  'AWS::IAM::Policy': { ref: (r) => (r.prop('PolicyName') as string | undefined) ?? r.ids.upper(r.key, 12) },
  'AWS::IAM::ManagedPolicy': {
    ref: (r) => `arn:aws:iam::${ACCOUNT}:policy/${(r.prop('ManagedPolicyName') as string | undefined) ?? generatedName(r, 128)}`,
    attributes: { PolicyArn: (_r, s) => s.ref, PolicyId: (r) => `ANPA${r.ids.upper(r.key, 17)}` },
  },
  'AWS::Lambda::Function': {
    ref: named('FunctionName', 64),
    attributes: { Arn: (_r, s) => arn('lambda', `function:${s.ref}`) },
  },
  'AWS::Lambda::LayerVersion': {
    ref: (r) => arn('lambda', `layer:${(r.prop('LayerName') as string | undefined) ?? generatedName(r, 64)}:1`),
    attributes: { LayerVersionArn: (_r, s) => s.ref },
  },
  'AWS::Lambda::Permission': { ref: (r) => r.ids.lower(r.key, 20) },
  'AWS::Lambda::EventSourceMapping': { ref: (r) => r.ids.uuid(r.key), attributes: { Id: (_r, s) => s.ref } },
  'AWS::DynamoDB::Table': {
    ref: named('TableName', 255),
    attributes: {
      Arn: (_r, s) => tableArn(s.ref),
      StreamArn: (r, s) => (r.prop('StreamSpecification') ? `${tableArn(s.ref)}/stream/${STREAM_LABEL}` : undefined),
    },
  },
  'Custom::AmplifyDynamoDBTable': {
    ref: named('tableName', 255),
    attributes: {
      TableName: (_r, s) => s.ref,
      TableArn: (_r, s) => tableArn(s.ref),
      TableStreamArn: (r, s) => (r.prop('streamSpecification') ? `${tableArn(s.ref)}/stream/${STREAM_LABEL}` : undefined),
    },
  },
  'AWS::Cognito::UserPool': {
    ref: (r) => `${REGION}_${r.ids.token(r.key, 9)}`,
    attributes: {
      Arn: (_r, s) => arn('cognito-idp', `userpool/${s.ref}`),
      ProviderName: (_r, s) => `cognito-idp.${REGION}.amazonaws.com/${s.ref}`,
      ProviderURL: (r, s) => `${r.endpoint}/${s.ref}`,
      UserPoolId: (_r, s) => s.ref,
    },
  },
  'AWS::Cognito::UserPoolClient': {
    ref: (r) => r.ids.lower(r.key, 26),
    attributes: {
      ClientId: (_r, s) => s.ref,
      Name: (r) => r.prop('ClientName') ?? r.logicalId,
      ClientSecret: (r) => (r.prop('GenerateSecret') ? r.ids.lower(`${r.key}#secret`, 51) : undefined),
    },
  },
  'AWS::Cognito::UserPoolGroup': { ref: (r) => (r.prop('GroupName') as string | undefined) ?? generatedName(r, 128) },
  'AWS::Cognito::UserPoolDomain': { ref: (r) => r.prop('Domain') as string },
  'AWS::Cognito::IdentityPool': {
    ref: (r) => `${REGION}:${r.ids.uuid(r.key)}`,
    attributes: { Name: (r) => r.prop('IdentityPoolName') ?? r.logicalId, Id: (_r, s) => s.ref },
  },
  'AWS::Cognito::IdentityPoolRoleAttachment': { ref: (r) => r.ids.lower(r.key, 20) },
  'AWS::AppSync::GraphQLApi': {
    ref: (r) => arn('appsync', `apis/${r.ids.lower(r.key, 26)}`),
    attributes: {
      ApiId: (r) => r.ids.lower(r.key, 26),
      Arn: (_r, s) => s.ref,
      GraphQLUrl: (r) => appsyncUrl(r, r.ids.lower(r.key, 26), '/graphql'),
      RealtimeUrl: (r) => appsyncUrl(r, r.ids.lower(r.key, 26), '/graphql/realtime').replace(/^http/, 'ws'),
      GraphQLDns: (r) => new URL(r.endpoint).host,
      RealtimeDns: (r) => new URL(r.endpoint).host,
      GraphQLEndpointArn: (_r, s) => s.ref,
    },
  },
  'AWS::AppSync::GraphQLSchema': { ref: (r) => r.ids.lower(r.key, 20) },
  'AWS::AppSync::ApiKey': {
    ref: (r) => `${r.prop('ApiId')}/apikeys/${r.ids.lower(r.key, 12)}`,
    attributes: {
      ApiKey: (r) => `da2-${r.ids.lower(`${r.key}#key`, 26)}`,
      ApiKeyId: (r) => r.ids.lower(r.key, 12),
      Arn: (r) => arn('appsync', `apis/${r.prop('ApiId')}/apikeys/${r.ids.lower(r.key, 12)}`),
    },
  },
  'AWS::AppSync::DataSource': {
    ref: (r) => arn('appsync', `apis/${r.prop('ApiId')}/datasources/${r.prop('Name')}`),
    attributes: { DataSourceArn: (_r, s) => s.ref, Name: (r) => r.prop('Name') },
  },
  'AWS::AppSync::FunctionConfiguration': {
    ref: (r) => arn('appsync', `apis/${r.prop('ApiId')}/functions/${r.ids.lower(r.key, 26)}`),
    attributes: {
      FunctionId: (r) => r.ids.lower(r.key, 26),
      FunctionArn: (_r, s) => s.ref,
      DataSourceName: (r) => r.prop('DataSourceName'),
      Name: (r) => r.prop('Name'),
    },
  },
  'AWS::AppSync::Resolver': {
    ref: (r) => arn('appsync', `apis/${r.prop('ApiId')}/types/${r.prop('TypeName')}/resolvers/${r.prop('FieldName')}`),
    attributes: {
      ResolverArn: (_r, s) => s.ref,
      TypeName: (r) => r.prop('TypeName'),
      FieldName: (r) => r.prop('FieldName'),
    },
  },
  'AWS::S3::Bucket': {
    ref: named('BucketName', 63, true),
    attributes: {
      Arn: (_r, s) => `arn:aws:s3:::${s.ref}`,
      DomainName: (_r, s) => `${s.ref}.s3.amazonaws.com`,
      RegionalDomainName: (_r, s) => `${s.ref}.s3.${REGION}.amazonaws.com`,
      DualStackDomainName: (_r, s) => `${s.ref}.s3.dualstack.${REGION}.amazonaws.com`,
      WebsiteURL: (_r, s) => `http://${s.ref}.s3-website-${REGION}.amazonaws.com`,
    },
  },
  // CDK's bucket deployment custom resource echoes its destination and the keys it copied.
  'Custom::CDKBucketDeployment': {
    ref: (r) => `aws.cdk.s3deployment.${r.ids.uuid(r.key)}`,
    attributes: {
      DestinationBucketArn: (r) => r.prop('DestinationBucketArn'),
      SourceObjectKeys: (r) => r.prop('SourceObjectKeys'),
    },
  },
  'AWS::S3::BucketPolicy': { ref: (r) => r.ids.lower(r.key, 20) },
  'AWS::SSM::Parameter': {
    ref: (r) => (r.prop('Name') as string | undefined) ?? `CFN-${r.logicalId}-${r.ids.token(r.key, 12)}`,
    attributes: { Type: (r) => r.prop('Type'), Value: (r) => r.prop('Value') },
  },
  'AWS::Scheduler::Schedule': {
    ref: named('Name', 64),
    attributes: { Arn: (_r, s) => arn('scheduler', `schedule/${'default'}/${s.ref}`) },
  },
  'AWS::Events::EventBus': {
    ref: (r) => r.prop('Name') as string,
    attributes: { Arn: (_r, s) => arn('events', `event-bus/${s.ref}`), Name: (_r, s) => s.ref },
  },
  'AWS::Events::Rule': {
    // A rule on a custom bus is `<bus>|<name>` (what CloudFormation's Ref gives), its ARN `rule/<bus>/<name>`.
    ref: (r) => {
      const bus = ruleBusName(r.prop('EventBusName'));
      const name = named('Name', 64)(r);
      return bus === 'default' ? name : `${bus}|${name}`;
    },
    attributes: { Arn: (_r, s) => arn('events', `rule/${s.ref.replace('|', '/')}`) },
  },
  'AWS::Events::Archive': {
    ref: (r) => (r.prop('ArchiveName') as string | undefined) ?? generatedName(r, 48).replace(/[^.\-_A-Za-z0-9]/g, ''),
    attributes: { Arn: (_r, s) => arn('events', `archive/${s.ref}`), ArchiveName: (_r, s) => s.ref },
  },
  'AWS::Events::Connection': {
    ref: named('Name', 64),
    attributes: {
      Arn: (r, s) => arn('events', `connection/${s.ref}/${r.ids.uuid(r.key)}`),
      SecretArn: (r, s) => arn('secretsmanager', `secret:events!connection/${s.ref}/${r.ids.uuid(`${r.key}/secret`)}-${r.ids.token(r.key, 6)}`),
    },
  },
  'AWS::Events::ApiDestination': {
    ref: named('Name', 64),
    attributes: { Arn: (r, s) => arn('events', `api-destination/${s.ref}/${r.ids.uuid(r.key)}`) },
  },
  'AWS::Events::EventBusPolicy': { ref: (r) => (r.prop('StatementId') as string | undefined) ?? r.ids.lower(r.key, 20) },
  'AWS::StepFunctions::StateMachine': {
    ref: (r) => arn('states', `stateMachine:${(r.prop('StateMachineName') as string | undefined) ?? generatedName(r, 80)}`),
    attributes: { Arn: (_r, s) => s.ref, Name: (_r, s) => s.ref.split(':').pop() },
  },
  'AWS::SQS::Queue': {
    // A generated FIFO queue name ends in .fifo, as CloudFormation makes it.
    ref: (r) => `${r.endpoint}/${ACCOUNT}/${(r.prop('QueueName') as string | undefined) ?? (r.prop('FifoQueue') === true || r.prop('FifoQueue') === 'true' ? `${generatedName(r, 75)}.fifo` : generatedName(r, 80))}`,
    attributes: {
      Arn: (_r, s) => arn('sqs', s.ref.split('/').pop()!),
      QueueName: (_r, s) => s.ref.split('/').pop(),
      QueueUrl: (_r, s) => s.ref,
    },
  },
  'AWS::SQS::QueuePolicy': { ref: (r) => r.ids.lower(r.key, 20) },
  'AWS::SecretsManager::Secret': {
    // The ARN ends in six random characters after the name, as Secrets Manager makes it.
    ref: (r) => arn('secretsmanager', `secret:${(r.prop('Name') as string | undefined) ?? `${r.logicalId.slice(0, 40)}-${r.ids.token(r.key, 12)}`}-${r.ids.token(`${r.key}#suffix`, 6)}`),
    attributes: { Id: (_r, s) => s.ref },
  },
  'AWS::SecretsManager::RotationSchedule': { ref: (r) => String(r.prop('SecretId') ?? '') },
  'AWS::SecretsManager::ResourcePolicy': { ref: (r) => String(r.prop('SecretId') ?? '') },
  'AWS::SecretsManager::SecretTargetAttachment': { ref: (r) => String(r.prop('SecretId') ?? '') },
  'AWS::SNS::Topic': {
    // A FIFO topic's generated name ends in .fifo, as SNS requires.
    ref: (r) => arn('sns', (r.prop('TopicName') as string | undefined) ?? (isTrue(r.prop('FifoTopic')) ? `${generatedName(r, 251)}.fifo` : generatedName(r, 256))),
    attributes: { TopicArn: (_r, s) => s.ref, TopicName: (_r, s) => s.ref.split(':').pop() },
  },
  // API Gateway's ids: 10 lowercase characters for APIs and keys, shorter ones inside an API.
  // URLs keep AWS's form (`https://<id>.execute-api.<region>.amazonaws.com`): local/client
  // sends requests for them to the edge, as it does for S3's.
  'AWS::ApiGateway::RestApi': {
    ref: (r) => r.ids.lower(r.key, 10),
    attributes: { RestApiId: (_r, s) => s.ref, RootResourceId: (r) => r.ids.lower(`${r.key}#root`, 10) },
  },
  'AWS::ApiGateway::Resource': { ref: (r) => r.ids.lower(r.key, 6), attributes: { ResourceId: (_r, s) => s.ref } },
  'AWS::ApiGateway::Method': { ref: (r) => r.ids.lower(r.key, 20) },
  'AWS::ApiGateway::Deployment': { ref: (r) => r.ids.lower(r.key, 6), attributes: { DeploymentId: (_r, s) => s.ref } },
  'AWS::ApiGateway::Stage': { ref: (r) => (r.prop('StageName') as string | undefined) ?? r.ids.lower(r.key, 8) },
  'AWS::ApiGateway::Authorizer': { ref: (r) => r.ids.lower(r.key, 6), attributes: { AuthorizerId: (_r, s) => s.ref } },
  'AWS::ApiGateway::ApiKey': { ref: (r) => r.ids.lower(r.key, 10), attributes: { APIKeyId: (_r, s) => s.ref } },
  'AWS::ApiGateway::UsagePlan': { ref: (r) => r.ids.lower(r.key, 6), attributes: { Id: (_r, s) => s.ref } },
  'AWS::ApiGateway::UsagePlanKey': { ref: (r) => `${r.prop('KeyId')}:${r.prop('UsagePlanId')}`, attributes: { Id: (_r, s) => s.ref } },
  'AWS::ApiGateway::GatewayResponse': { ref: (r) => r.ids.lower(r.key, 20) },
  'AWS::ApiGateway::Account': { ref: (r) => r.ids.lower(r.key, 20) },
  'AWS::ApiGatewayV2::Api': {
    ref: (r) => r.ids.lower(r.key, 10),
    attributes: { ApiId: (_r, s) => s.ref, ApiEndpoint: (_r, s) => `https://${s.ref}.execute-api.${REGION}.amazonaws.com` },
  },
  'AWS::ApiGatewayV2::Route': { ref: (r) => r.ids.lower(r.key, 7), attributes: { RouteId: (_r, s) => s.ref } },
  'AWS::ApiGatewayV2::Integration': { ref: (r) => r.ids.lower(r.key, 7), attributes: { IntegrationId: (_r, s) => s.ref } },
  'AWS::ApiGatewayV2::Authorizer': { ref: (r) => r.ids.lower(r.key, 6), attributes: { AuthorizerId: (_r, s) => s.ref } },
  'AWS::ApiGatewayV2::Stage': { ref: (r) => r.prop('StageName') as string },
  'AWS::SNS::Subscription': {
    ref: (r) => `${String(r.prop('TopicArn'))}:${r.ids.uuid(r.key)}`,
    attributes: { Arn: (_r, s) => s.ref },
  },
  'AWS::SNS::TopicPolicy': { ref: (r) => r.ids.lower(r.key, 20) },
  'AWS::SNS::TopicInlinePolicy': { ref: (r) => r.ids.lower(r.key, 20) },
  // The local KMS (local/kms) runs symmetric keys under these ids.
  'AWS::KMS::Key': {
    ref: (r) => r.ids.uuid(r.key),
    attributes: { Arn: (_r, s) => arn('kms', `key/${s.ref}`), KeyId: (_r, s) => s.ref },
  },
  'AWS::KMS::Alias': { ref: (r) => String(r.prop('AliasName')) },
  'AWS::Logs::LogGroup': {
    ref: named('LogGroupName', 512),
    attributes: { Arn: (_r, s) => arn('logs', `log-group:${s.ref}:*`) },
  },
};

/** Fallback for types no rule knows: a stable opaque id; attributes fail loudly. */
const opaque: TypeRule = { ref: (r) => `${r.logicalId}-${r.ids.upper(r.key, 12)}` };

export function hasTypeRule(type: string): boolean {
  return type in rules;
}

/** The resource's `Ref` value. */
export function physicalIdOf(r: ResourceFacts): string {
  return (rules[r.type] ?? opaque).ref(r);
}

/** The resource's `Fn::GetAtt` value, or undefined when the type has no such attribute rule. */
export function attributeOf(r: ResourceFacts, self: Identified, name: string): { known: boolean; value?: unknown } {
  const rule = (rules[r.type] ?? opaque).attributes?.[name];
  if (!rule) return { known: false };
  return { known: true, value: rule(r, self) };
}
