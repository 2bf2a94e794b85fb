/**
 * The local API Gateway's tests run the fixture backend (tests/fixtures/apigateway: an HTTP API
 * and a REST API defined with CDK in amplify/backend.ts, synthesized by tests/global-setup.ts) with the
 * services its routes need, and call the APIs with fetch, because the wire format is the point.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SignatureV4 } from '@smithy/signature-v4';
import path from 'node:path';
import { Reporter, type LocalCloud } from '../../../local';
import type { LogRecord } from '../../../local/reporter';
import { defaultServices } from '../../../local/services';
import { clientConfig, recordingReporter, startTestCloud } from '../../helpers/cloud';
import { SrpClient } from '../../helpers/srp-client';

export const FIXTURE = path.resolve('tests/fixtures/apigateway');

/** The services the fixture's APIs reach: IAM, Lambda, API Gateway, Cognito (JWT and user-pool authorizers) and the identity pool. */
const SERVICES = ['iam', 'ssm', 'lambda', 'apigateway', 'cognito', 'cognito-identity'];

/** Starts the fixture backend (tests/global-setup.ts has synthesized it), state in memory unless `stateDir` is given. */
export function startApiCloud(options: { stateDir?: string; records?: LogRecord[] } = {}): Promise<LocalCloud> {
  return startTestCloud({
    projectDir: FIXTURE,
    synth: false,
    stateDir: options.stateDir,
    services: defaultServices().filter((service) => SERVICES.includes(service.name)),
    reporter: options.records ? recordingReporter(options.records, 'debug') : new Reporter({ level: 'silent' }),
  });
}

/** The fixture's APIs' ids: the HTTP API, the REST API, and the two quick-create HTTP APIs (with and without a Lambda permission). */
export function apiIds(cloud: LocalCloud): { http: string; rest: string; quick: string; unpermitted: string } {
  const id = (type: string, logicalIdPrefix: string) => {
    const api = cloud.assembly.ofType(type).find((resource) => resource.logicalId.startsWith(logicalIdPrefix));
    if (!api) throw new Error(`the apigateway fixture holds no ${type} ${logicalIdPrefix}*: is tests/fixtures/apigateway synthesized?`);
    return api.ref();
  };
  return {
    http: id('AWS::ApiGatewayV2::Api', 'HttpApi'),
    rest: id('AWS::ApiGateway::RestApi', 'RestApi'),
    quick: id('AWS::ApiGatewayV2::Api', 'QuickApi'),
    unpermitted: id('AWS::ApiGatewayV2::Api', 'UnpermittedApi'),
  };
}

/** The path-style URL of a request to an API: `<endpoint>/_aws/execute-api/<apiId><path>`. */
export function invokeUrl(cloud: LocalCloud, apiId: string, pathAndQuery: string): string {
  return `${cloud.endpoint}/_aws/execute-api/${apiId}${pathAndQuery}`;
}

/** A response read whole: status, headers and the body as text and (when it parses) JSON. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Untyped on purpose: each test reads the parts of the event or error it checks. */
  json: any;
}

export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * Sends a request signed with SigV4 for `execute-api`, as a client signs it for the API's AWS
 * host, to the local path-style URL (the local gateway verifies it against the AWS host).
 */
export async function signedCall(
  cloud: LocalCloud,
  apiId: string,
  pathAndQuery: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(`https://${apiId}.execute-api.us-east-1.amazonaws.com${pathAndQuery}`);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
  const signed = await signer.sign({
    method: init.method ?? 'GET',
    protocol: 'https:',
    hostname: url.hostname,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.hostname, ...(init.headers ?? {}) },
    body: init.body,
  });
  const headers = { ...signed.headers };
  delete headers.host;
  return call(invokeUrl(cloud, apiId, pathAndQuery), { method: signed.method, headers, body: init.body });
}

/** A confirmed user of the fixture's pool, signed in with SRP: its id and access tokens. */
export async function userTokens(cloud: LocalCloud, email: string): Promise<{ idToken: string; accessToken: string }> {
  const UserPoolId = cloud.outputs.auth!.user_pool_id;
  const clientId = cloud.outputs.auth!.user_pool_client_id;
  const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
  const password = 'Test-passw0rd!';
  await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username: email, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }] }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: email, Password: password, Permanent: true }));
  const srp = new SrpClient(UserPoolId.split('_')[1]);
  const started = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: email, SRP_A: srp.A } }));
  const answered = await cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(started.ChallengeParameters!, password) }));
  cognito.destroy();
  const result = answered.AuthenticationResult!;
  return { idToken: result.IdToken!, accessToken: result.AccessToken! };
}
