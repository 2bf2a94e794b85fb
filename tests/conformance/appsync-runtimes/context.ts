/**
 * A small factory of resolver contexts for the runtime tests (VTL, APPSYNC_JS,
 * conformance): a signed-in user pool caller unless told otherwise.
 */
import type { ResolverContext } from '../../../local/appsync/runtime/types';

export function resolverContext(overrides: Partial<ResolverContext> = {}): ResolverContext {
  return {
    arguments: {},
    source: null,
    identity: {
      sub: 'sub-1',
      issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool',
      username: 'alice',
      claims: { sub: 'sub-1', 'cognito:username': 'alice', email: 'alice@example.com', 'cognito:groups': ['RESPONDERS'] },
      sourceIp: ['127.0.0.1'],
      defaultAuthStrategy: 'ALLOW',
      groups: ['RESPONDERS'],
    },
    request: { headers: { host: 'localhost' }, domainName: null },
    info: { fieldName: 'getThing', parentTypeName: 'Query', variables: {}, selectionSetList: ['id'], selectionSetGraphQL: '{ id }' },
    stash: {},
    outErrors: [],
    authType: 'User Pool Authorization',
    ...overrides,
  };
}

/** A fixed clock: 2018-02-06T19:01:35.749Z, the instant AppSync's documentation uses. */
export const FIXED_NOW = 1517943695749;
