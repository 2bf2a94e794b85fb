/**
 * Small factories for the events Flare's functions receive: from AppSync through
 * Amplify's Lambda data sources, from Cognito triggers and from EventBridge Scheduler.
 */
import type {
  AppSyncIdentity,
  AppSyncIdentityCognito,
  AppSyncIdentityIAM,
  Context,
  EventBridgeEvent,
  PostConfirmationTriggerEvent,
} from 'aws-lambda';
import type { AmplifyResolverEvent } from '../../../../amplify/shared/resolver-event';

/** A signed-in user as AppSync passes it for User Pool authorization. */
export function cognitoIdentity(overrides: Partial<AppSyncIdentityCognito> = {}): AppSyncIdentityCognito {
  return {
    sub: '7d8ca528-4931-4254-9273-ea5ee853f271',
    issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_flare',
    username: '7d8ca528-4931-4254-9273-ea5ee853f271',
    claims: { email: 'alice@example.com', 'cognito:groups': ['RESPONDERS'] },
    sourceIp: ['127.0.0.1'],
    defaultAuthStrategy: 'ALLOW',
    groups: ['RESPONDERS'],
    ...overrides,
  };
}

/** A function calling with its execution role (AppSync IAM authorization). */
export function iamIdentity(roleName = 'alertintakelambdaServiceRole', overrides: Partial<AppSyncIdentityIAM> = {}): AppSyncIdentityIAM {
  return {
    accountId: '123456789012',
    cognitoIdentityPoolId: '',
    cognitoIdentityId: '',
    sourceIp: ['127.0.0.1'],
    username: 'AROAEXAMPLE:session',
    userArn: `arn:aws:sts::123456789012:assumed-role/${roleName}/session`,
    cognitoIdentityAuthType: '',
    cognitoIdentityAuthProvider: '',
    ...overrides,
  };
}

/**
 * The event a function behind `a.handler.function(...)` receives for `typeName.fieldName`:
 * exactly the keys of the Lambda data source's invoke template in the synthesized assembly
 * (tests/assembly/data.test.ts checks that they agree).
 */
export function resolverEvent<TArguments>(
  fieldName: string,
  args: TArguments,
  options: { typeName?: string; identity?: AppSyncIdentity } = {},
): AmplifyResolverEvent<TArguments> {
  return {
    typeName: options.typeName ?? 'Mutation',
    fieldName,
    arguments: args,
    identity: 'identity' in options ? options.identity : cognitoIdentity(),
    source: null,
    request: { headers: { 'content-type': 'application/json' }, domainName: null },
    prev: null,
  };
}

export function lambdaContext(functionName = 'flare-function'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/01/01/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function postConfirmationEvent(
  triggerSource: PostConfirmationTriggerEvent['triggerSource'],
  userName = 'bob@example.com',
): PostConfirmationTriggerEvent {
  return {
    version: '1',
    region: 'us-east-1',
    userPoolId: 'us-east-1_flare',
    triggerSource,
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'web-client' },
    request: { userAttributes: { sub: '0f6c1a52-1d2b-4c7e-9d1e-2f1b8f1c9a10', email: userName, email_verified: 'true' } },
    response: {},
  } as PostConfirmationTriggerEvent;
}

/** What EventBridge Scheduler delivers to a scheduled function. */
export function scheduledEvent(time: string): EventBridgeEvent<'Scheduled Event', Record<string, never>> {
  return {
    id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    version: '0',
    account: '123456789012',
    time,
    region: 'us-east-1',
    resources: ['arn:aws:scheduler:us-east-1:123456789012:schedule/default/escalate'],
    source: 'aws.scheduler',
    'detail-type': 'Scheduled Event',
    detail: {},
  };
}
