/**
 * The engine over Flare's synthesized assembly (`npm run synth`): every AppSync
 * resource is read, the transformed schema builds with AppSync's scalars and
 * directives, and the `@aws_*` rules come out as AppSync applies them.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CloudAssembly } from '../../../../local/assembly';
import { GraphQLApiModel } from '../../../../local/appsync/api/graphql-api';
import { FieldAuthorizer } from '../../../../local/appsync/auth/field-authorization';
import { apiKeyAuth, userPoolAuth, type RequestAuth } from '../../../../local/appsync/auth/identity';
import type { GraphQLObjectType } from 'graphql';

let assembly: CloudAssembly;
let api: GraphQLApiModel;
beforeAll(() => {
  assembly = CloudAssembly.load({ dir: path.resolve('.amplify/local/cdk.out'), endpoint: 'http://127.0.0.1:4566', seed: 'flare' });
  [api] = GraphQLApiModel.fromAssembly(assembly);
});

describe('Flare\'s GraphQL API', () => {
  it('registers every resolver by Type.field with its pipeline functions', () => {
    expect(api.resolvers.size).toBe(assembly.ofType('AWS::AppSync::Resolver').length);
    expect(api.functions.size).toBe(assembly.ofType('AWS::AppSync::FunctionConfiguration').length);
    const getIncident = api.resolver('Query', 'getIncident')!;
    expect(getIncident.kind).toBe('PIPELINE');
    expect(getIncident.functions.map((f) => f.name)).toEqual(['QuerygetIncidentauth0Function', 'QuerygetIncidentpostAuth0Function', 'QueryGetIncidentDataResolverFn']);
    expect(getIncident.functions[2].code.request).toContain('"operation": "Query"');
    expect(api.resolver('Mutation', 'addNote')!.code.runtime).toBe('APPSYNC_JS');
    expect(api.resolver('Mutation', 'addNote')!.functions[0].code.request).toContain("from '@aws-appsync/utils/dynamodb'");
  });

  it('reads the auth providers, the API key and the data sources', () => {
    expect(api.defaultAuth).toEqual({ type: 'AMAZON_COGNITO_USER_POOLS', userPool: { userPoolId: assembly.ofType('AWS::Cognito::UserPool')[0].ref(), appIdClientRegex: undefined, defaultAction: 'ALLOW' }, openIDConnect: undefined, lambda: undefined });
    expect(api.additionalAuth.map((p) => p.type)).toEqual(['API_KEY', 'AWS_IAM']);
    expect(api.apiKeys).toHaveLength(1);
    expect(api.apiKeys[0].value).toMatch(/^da2-/);
    expect([...api.dataSources.values()].map((d) => d.type).sort()).toEqual([...Array(6).fill('AMAZON_DYNAMODB'), ...Array(8).fill('AWS_LAMBDA'), 'NONE']);
    expect(api.dataSources.get('IncidentTable')!.dynamodb!.tableName).toMatch(/^Incident-/);
  });

  it('applies the @aws_* directives of the transformed schema', () => {
    const authorizer = new FieldAuthorizer(api);
    const type = (name: string) => api.schema.getType(name) as GraphQLObjectType;
    const can = (auth: RequestAuth, typeName: string, field: string) => authorizer.allows(type(typeName), type(typeName).getFields()[field], auth);
    const responder = userPoolAuth({ sub: 's', iss: 'i', token_use: 'id', exp: 0, iat: 0, 'cognito:groups': ['RESPONDERS'] }, '127.0.0.1', 'ALLOW');
    const nobody = userPoolAuth({ sub: 's', iss: 'i', token_use: 'id', exp: 0, iat: 0 }, '127.0.0.1', 'ALLOW');
    expect(can(apiKeyAuth(), 'Query', 'getIncident')).toBe(true);
    expect(can(apiKeyAuth(), 'Query', 'getTimelineEvent')).toBe(false);
    expect(can(apiKeyAuth(), 'Incident', 'description')).toBe(true); // the field's own resolver decides
    expect(can(apiKeyAuth(), 'TimelineEvent', 'message')).toBe(false);
    expect(can(apiKeyAuth(), 'Mutation', 'reportAlert')).toBe(false);
    expect(can(responder, 'Query', 'incidentStats')).toBe(true);
    expect(can(responder, 'Mutation', 'addNote')).toBe(true);
    expect(can(nobody, 'Mutation', 'addNote')).toBe(false);
  });
});
