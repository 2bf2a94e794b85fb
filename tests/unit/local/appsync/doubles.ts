/**
 * Test doubles for the AppSync engine's unit tests: a small APPSYNC_JS-like runtime
 * (the real ones live in local/appsync/js and local/appsync/vtl) and in-memory stand-ins
 * for the IAM, DynamoDB, Cognito and Lambda services at their contracts.
 */
import { SigV4Error, type AuthorizationDecision, type Credentials, type IamService, type Principal, type SignedRequest } from '../../../../local/iam/types';
import { DynamoDBError, type DynamoDBService } from '../../../../local/dynamodb/types';
import { TokenVerificationError, type CognitoService, type JwtClaims } from '../../../../local/cognito/types';
import type { InvokeResult, LambdaService } from '../../../../local/lambda/types';
import {
  TemplateError,
  TemplateRuntimeError,
  type Evaluation,
  type ExtensionEffects,
  type ResolverContext,
  type ResolverRuntime,
} from '../../../../local/appsync/runtime/types';

class EarlyReturn {
  constructor(readonly value: unknown) {}
}

/** Runs `export function request/response(ctx)` modules with `util`, `runtime` and `extensions`. */
export class FakeJsRuntime implements ResolverRuntime {
  readonly calls: string[] = [];
  constructor(readonly name: 'VTL' | 'APPSYNC_JS' = 'APPSYNC_JS') {}

  request(code: string, context: ResolverContext, location: string): Evaluation {
    return this.run(code, 'request', context, location);
  }

  response(code: string, context: ResolverContext, location: string): Evaluation {
    return this.run(code, 'response', context, location);
  }

  private run(code: string, phase: 'request' | 'response', context: ResolverContext, location: string): Evaluation {
    this.calls.push(`${location} ${phase}`);
    const effects: ExtensionEffects = {};
    const util = {
      error: (message: string, errorType?: string, data?: unknown, errorInfo?: unknown) => {
        throw new TemplateError({ message, errorType, data, errorInfo });
      },
      appendError: (message: string, errorType?: string, data?: unknown, errorInfo?: unknown) => {
        context.outErrors.push({ message, errorType, data, errorInfo });
      },
    };
    const runtime = { earlyReturn: (value?: unknown) => { throw new EarlyReturn(value ?? null); } };
    const extensions = {
      setSubscriptionFilter: (filter: unknown) => {
        effects.subscriptionFilters = [...(effects.subscriptionFilters ?? []), filter];
      },
    };
    const module = new Function('util', 'runtime', 'extensions', `${code.replace(/export function/g, 'function')}\nreturn { request, response };`)(util, runtime, extensions) as Record<string, (ctx: unknown) => unknown>;
    try {
      const value = module[phase]({ ...context, args: context.arguments });
      return { value, returned: false, effects };
    } catch (error) {
      if (error instanceof EarlyReturn) return { value: error.value, returned: true, effects };
      if (error instanceof TemplateError) throw error;
      throw new TemplateRuntimeError((error as Error).message, location);
    }
  }
}

const ACCOUNT = '000000000000';

export function rootPrincipal(): Principal {
  return { kind: 'root', accessKeyId: 'test', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT, policyVariables: {} };
}

/** IAM at its contract: `Credential=test/` is root, `Credential=FN/` a function role allowed only Query fields, `Credential=POOL/` an identity-pool caller. */
export class FakeIam implements Pick<IamService, 'name' | 'resourceTypes' | 'start' | 'stop' | 'rootCredentials' | 'authenticate' | 'authorize' | 'issueRoleCredentials' | 'principalOf'> {
  readonly name = 'iam' as const;
  readonly resourceTypes = [];
  readonly rootCredentials: Credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  readonly decisions: string[] = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  authenticate(request: SignedRequest): Principal {
    const auth = String(request.headers.authorization ?? '');
    if (auth.includes('Credential=test/')) return rootPrincipal();
    if (auth.includes('Credential=FN/')) {
      return {
        kind: 'assumed-role', accessKeyId: 'FN', accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/fn-role/fn`,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/fn-role`, roleName: 'fn-role', sessionName: 'fn', userId: 'AROAFN:fn', policyVariables: {},
      };
    }
    if (auth.includes('Credential=POOL/')) {
      return {
        kind: 'assumed-role', accessKeyId: 'POOL', accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/auth-role/CognitoIdentityCredentials`,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/auth-role`, roleName: 'auth-role', sessionName: 'CognitoIdentityCredentials', userId: 'AROAPOOL:CognitoIdentityCredentials',
        identityId: 'us-east-1:identity-1',
        policyVariables: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool-1', 'cognito-identity.amazonaws.com:sub': 'us-east-1:identity-1' },
        context: {
          'cognito-identity.amazonaws.com:amr': ['authenticated', 'cognito-idp.us-east-1.amazonaws.com/us-east-1_pool', 'cognito-idp.us-east-1.amazonaws.com/us-east-1_pool:CognitoSignIn:sub-1'],
        },
      };
    }
    throw new SigV4Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }

  authorize(principal: Principal, request: { action: string; resource: string }): AuthorizationDecision {
    this.decisions.push(`${principal.kind === 'root' ? 'root' : principal.roleName} ${request.action} ${request.resource}`);
    if (principal.kind === 'root') return { allowed: true, reason: 'root' };
    return request.resource.includes('/types/Query/') ? { allowed: true, reason: 'allowed' } : { allowed: false, reason: 'implicit-deny' };
  }

  issueRoleCredentials(): Credentials {
    throw new Error('not used by these tests');
  }

  principalOf(): Principal {
    throw new Error('not used by these tests');
  }

}

type Item = Record<string, Record<string, unknown>>;

/** A one-table DynamoDB (key `id`) with GetItem, PutItem (attribute_not_exists conditions) and Scan. */
export class FakeDynamoDB implements DynamoDBService {
  readonly name = 'dynamodb' as const;
  readonly resourceTypes = [];
  readonly items = new Map<string, Item>();
  readonly calls: { operation: string; input: Record<string, unknown> }[] = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async call(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.calls.push({ operation, input });
    if (input.TableName !== 'notes') throw new DynamoDBError('ResourceNotFoundException', 'Requested resource not found');
    const keyOf = (item: Item) => String(item.id.S);
    switch (operation) {
      case 'GetItem':
        return { Item: this.items.get(keyOf(input.Key as Item)) };
      case 'PutItem': {
        const item = input.Item as Item;
        const existing = this.items.get(keyOf(item));
        if (input.ConditionExpression === 'attribute_not_exists(id)' && existing) {
          throw new DynamoDBError('ConditionalCheckFailedException', 'The conditional request failed', 400, input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? { Item: existing } : {});
        }
        this.items.set(keyOf(item), item);
        return {};
      }
      case 'Scan': {
        const all = [...this.items.entries()].sort(([a], [b]) => a.localeCompare(b));
        const start = input.ExclusiveStartKey ? all.findIndex(([id]) => id === (input.ExclusiveStartKey as Item).id.S) + 1 : 0;
        const limit = typeof input.Limit === 'number' ? input.Limit : all.length;
        const page = all.slice(start, start + limit);
        const more = start + limit < all.length;
        return { Items: page.map(([, item]) => item), ScannedCount: page.length, LastEvaluatedKey: more ? { id: page[page.length - 1][1].id } : undefined };
      }
      default:
        throw new DynamoDBError('UnknownOperationException', `${operation} is not in the fake`);
    }
  }
}

/** An unsigned JWT-shaped token carrying `claims` (the fake Cognito decides what is valid). */
export function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'fake' })}.${part(claims)}.c2lnbmF0dXJl`;
}

/** Cognito at its contract: tokens registered with `issue` verify; anything else is rejected. */
export class FakeCognito implements CognitoService {
  readonly name = 'cognito' as const;
  readonly resourceTypes = [];
  private readonly valid = new Map<string, JwtClaims>();
  readonly verified: { userPoolId: string; clientIdRegex?: string }[] = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  issue(claims: Partial<JwtClaims> & { sub: string }): string {
    const full = { iss: this.issuer('us-east-1_pool'), token_use: 'id', exp: Math.floor(Date.now() / 1000) + 3600, iat: Math.floor(Date.now() / 1000), ...claims } as JwtClaims;
    const token = jwt(full);
    this.valid.set(token, full);
    return token;
  }

  async verifyToken(token: string, expect: { userPoolId: string; clientIdRegex?: string }): Promise<JwtClaims> {
    this.verified.push(expect);
    const claims = this.valid.get(token);
    if (!claims) throw new TokenVerificationError('Invalid JWT signature');
    if (claims.exp * 1000 <= Date.now()) throw new TokenVerificationError('Token expired');
    return claims;
  }

  issuer(userPoolId: string): string {
    return `http://127.0.0.1/${userPoolId}`;
  }
}

/** Lambda at its contract: `doubler` doubles `x`, fails on 13; batches double each element. */
export class FakeLambda implements LambdaService {
  readonly name = 'lambda' as const;
  readonly resourceTypes = [];
  readonly invocations: { functionName: string; payload: unknown }[] = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async invoke(functionName: string, payload: unknown): Promise<InvokeResult> {
    this.invocations.push({ functionName, payload });
    if (functionName.endsWith(':sleeper')) {
      const ms = (payload as { ms?: number }).ms ?? 0;
      await new Promise((resolve) => setTimeout(resolve, ms).unref());
      return { requestId: 'r', statusCode: 200, payload: { slept: ms } };
    }
    if (functionName.endsWith(':authorizer')) {
      const token = (payload as { authorizationToken: string }).authorizationToken;
      if (token === 'crash') return { requestId: 'r', statusCode: 200, functionError: 'Unhandled', payload: null, error: { errorType: 'Error', errorMessage: 'crash' } };
      return { requestId: 'r', statusCode: 200, payload: { isAuthorized: token === 'allow', resolverContext: { user: 'u1' }, deniedFields: ['Query.secret'] } };
    }
    if (Array.isArray(payload)) return { requestId: 'r', statusCode: 200, payload: payload.map((p) => ({ doubled: ((p as { arguments?: { x?: number } }).arguments?.x ?? 0) * 2 })) };
    const body = payload as { x?: number; arguments?: { x?: number } };
    const x = body.x ?? body.arguments?.x ?? 0;
    if (x === 13) {
      return { requestId: 'r', statusCode: 200, functionError: 'Unhandled', payload: { errorType: 'Error', errorMessage: 'unlucky' }, error: { errorType: 'Error', errorMessage: 'unlucky' } };
    }
    return { requestId: 'r', statusCode: 200, payload: { doubled: x * 2, received: payload } };
  }
}
