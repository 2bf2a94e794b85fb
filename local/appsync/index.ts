import { AppSyncService, type AppSyncServiceOptions } from './service';

/**
 * The local AppSync service with its resolver runtimes (VTL and APPSYNC_JS by default).
 * @example
 * const appsync = appsyncService();
 */
export function appsyncService(options: AppSyncServiceOptions = {}): AppSyncService {
  return new AppSyncService(options);
}

export { AppSyncService, type AppSyncServiceOptions, type SubscriptionStart } from './service';
export { GraphQLApiModel } from './api/graphql-api';
export type { RequestAuth } from './auth/identity';
export type { AuthRequest } from './auth/authenticate';
export type { GraphQLRequest, GraphQLResponseBody, MutationResult } from './execution/executor';
export { AppSyncRequestError, AppSyncFieldError, UnauthorizedException } from './errors';
