import { apiGatewayService } from './apigateway';
import { appsyncService } from './appsync';
import { AppSyncRealtimeService } from './appsync/realtime';
import { cognitoService } from './cognito';
import { cognitoIdentityService } from './cognito/identity-pool';
import { dynamodbService } from './dynamodb';
import { createEventsService } from './events';
import { iamService } from './iam';
import { createKmsService } from './kms';
import { createLambdaService } from './lambda';
import { s3Service } from './s3';
import { createSchedulerService } from './scheduler';
import { createSecretsManagerService } from './secretsmanager';
import type { LocalService } from './service';
import { createSnsService } from './sns';
import { createSqsService } from './sqs';
import { createSsmService } from './ssm';
import { createStepFunctionsService } from './stepfunctions';
import { createXrayService } from './xray';

/**
 * The local services in start order (stopped in reverse). Each comment says why
 * it comes where it does.
 */
export function defaultServices(): LocalService[] {
  return [
    // (Filled in as services land, in this order: iam, kms, xray, ssm, dynamodb, sqs, lambda, apigateway, secretsmanager, s3, cognito, cognito-identity, appsync, sns, stepfunctions, events, scheduler.)
    // iam first: every other service authenticates callers and authorizes actions through it.
    iamService(),
    // kms after iam (every use of a key is authorized through it with the key policy) and before
    // every service that encrypts with a key (cognito's custom senders).
    createKmsService(),
    // xray after iam (its API is authenticated through it) and before every service that records
    // segments or hands functions the daemon's address (lambda, apigateway, appsync…).
    createXrayService(),
    // ssm after iam (requests are authenticated through it) and before lambda: Amplify's function
    // bundles resolve their SSM parameters and secrets at cold start.
    createSsmService(),
    // dynamodb after iam (requests are authenticated and authorized through it) and before lambda and
    // appsync: stream event-source mappings subscribe to it, data sources and functions call it.
    dynamodbService(),
    // sqs after iam (requests are authenticated and authorized through it) and before lambda: SQS
    // event-source mappings poll it from their start.
    createSqsService(),
    // lambda after iam (functions get role credentials from it) and ssm (their cold starts read it).
    createLambdaService(),
    // apigateway after lambda (its integrations and authorizers run there; cognito, which JWT and
    // user-pool authorizers ask, is found at request time) and before s3: host-style invocation
    // URLs (`<api>.execute-api.localhost`) are `*.localhost` names, which S3 reads as buckets.
    apiGatewayService(),
    // secretsmanager after iam (requests are authenticated and authorized through it) and lambda
    // (rotation runs the rotation function there), before the services whose functions read secrets.
    createSecretsManagerService(),
    // s3 after iam (every request is authenticated and authorized through it) and before the
    // services whose functions read bucket deployments (the model introspection schema) at cold start.
    s3Service(),
    // cognito after iam (admin calls are SigV4-checked through it) and lambda (its triggers run
    // there), before cognito-identity and appsync, which verify its tokens.
    cognitoService(),
    // cognito-identity after cognito (user pools verify its login tokens) and iam (which issues its credentials).
    cognitoIdentityService(),
    // appsync after the services its resolvers and auth modes call (dynamodb, lambda, cognito, iam),
    // found at request time: a missing one fails only the fields that need it, naming it.
    appsyncService(),
    // appsync-realtime after appsync: it serves subscriptions of the APIs appsync loaded and
    // hears their mutation results.
    new AppSyncRealtimeService(),
    // sns after lambda (subscribers run there), before events (rules' SNS targets publish through it).
    createSnsService(),
    // stepfunctions after the services its tasks call (lambda, sns, sqs, dynamodb…, reached through
    // the edge at call time, signed with the machine's role) and before events, whose rules start its executions.
    createStepFunctionsService(),
    // events after lambda and the services its targets reach (found at delivery time), before the
    // scheduler, which keeps its scheduled rules in time.
    createEventsService(),
    // scheduler last: it fires Lambda targets, which must be running (and whose writes go
    // through the data services above) before the first run.
    createSchedulerService(),
  ];
}
