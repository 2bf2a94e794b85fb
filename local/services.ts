import { appsyncService } from './appsync';
import { cognitoIdentityService } from './cognito/identity-pool';
import { iamService } from './iam';
import type { LocalService } from './service';

/**
 * The local services in start order (stopped in reverse). Each comment says why
 * it comes where it does.
 */
export function defaultServices(): LocalService[] {
  return [
    // (Filled in as services land, in this order: iam, ssm, dynamodb, lambda, s3, cognito, cognito-identity, appsync, scheduler.)
    // iam first: every other service authenticates callers and authorizes actions through it.
    iamService(),
    // cognito-identity after cognito (user pools verify its login tokens) and iam (which issues its credentials).
    cognitoIdentityService(),
    // appsync after the services its resolvers and auth modes call (dynamodb, lambda, cognito, iam),
    // found at request time: a missing one fails only the fields that need it, naming it.
    appsyncService(),
  ];
}
