import { AppSyncService, type AppSyncServiceOptions } from './service';

/**
 * The local AppSync service with its resolver runtimes.
 * @example
 * const appsync = appsyncService();
 */
export function appsyncService(options: AppSyncServiceOptions = {}): AppSyncService {
  return new AppSyncService({ runtimes: options.runtimes ?? {} });
}

export { AppSyncService, type AppSyncServiceOptions, type SubscriptionStart } from './service';
export { GraphQLApiModel } from './api/graphql-api';
export type { RequestAuth } from './auth/identity';
export type { AuthRequest } from './auth/authenticate';
export type { GraphQLRequest, GraphQLResponseBody, MutationResult } from './execution/executor';
export { AppSyncRequestError, AppSyncFieldError, UnauthorizedException } from './errors';
