import type { ResolverRuntime } from '../runtime/types';

/** AppSync's authentication types as CloudFormation names them. */
export const AuthenticationType = {
  API_KEY: 'API_KEY',
  AWS_IAM: 'AWS_IAM',
  AMAZON_COGNITO_USER_POOLS: 'AMAZON_COGNITO_USER_POOLS',
  OPENID_CONNECT: 'OPENID_CONNECT',
  AWS_LAMBDA: 'AWS_LAMBDA',
} as const;
export type AuthenticationType = (typeof AuthenticationType)[keyof typeof AuthenticationType];

export interface UserPoolConfig {
  userPoolId: string;
  appIdClientRegex?: string;
  /** Only meaningful for the default provider: DENY refuses every field without a directive. */
  defaultAction: 'ALLOW' | 'DENY';
}

export interface OpenIDConnectConfig {
  issuer: string;
  clientId?: string;
  /** Milliseconds; 0 means no check. */
  iatTTL: number;
  authTTL: number;
}

export interface LambdaAuthorizerConfig {
  functionArn: string;
  identityValidationExpression?: string;
  ttlSeconds: number;
}

/** One authorization provider of the API (the default or an additional one). */
export interface AuthProvider {
  type: AuthenticationType;
  userPool?: UserPoolConfig;
  openIDConnect?: OpenIDConnectConfig;
  lambda?: LambdaAuthorizerConfig;
}

export interface ApiKeyConfig {
  id: string;
  value: string;
  /** Epoch seconds. */
  expires: number;
}

export type DataSourceType = 'AMAZON_DYNAMODB' | 'AWS_LAMBDA' | 'NONE' | 'HTTP' | string;

export interface DataSourceConfig {
  name: string;
  type: DataSourceType;
  serviceRoleArn?: string;
  dynamodb?: { tableName: string; region?: string; versioned?: boolean };
  lambda?: { functionArn: string };
  http?: { endpoint: string };
}

export type RuntimeName = ResolverRuntime['name'];

/** The code of a resolver or pipeline function: VTL templates or one APPSYNC_JS module. */
export interface HandlerCode {
  runtime: RuntimeName;
  /** VTL request template, or the JS module (its `request` export). Undefined: Direct Lambda. */
  request?: string;
  /** VTL response template, or the JS module (its `response` export). */
  response?: string;
  /** Where the code comes from, for messages: `Mutation.addNote (request)`. */
  location: string;
}

export interface FunctionConfig {
  id: string;
  name: string;
  dataSourceName: string;
  code: HandlerCode;
  maxBatchSize: number;
}

export interface ResolverConfig {
  typeName: string;
  fieldName: string;
  kind: 'UNIT' | 'PIPELINE';
  /** UNIT only. */
  dataSourceName?: string;
  /** UNIT: the resolver's own data-source step; PIPELINE: the before/after handlers. */
  code: HandlerCode;
  functions: FunctionConfig[];
  maxBatchSize: number;
}
