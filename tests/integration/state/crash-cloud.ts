import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import path from 'node:path';
import type { LocalCloud, Reporter } from '../../../local';
import { cognitoService } from '../../../local/cognito';
import { cognitoIdentityService } from '../../../local/cognito/identity-pool';
import { dynamodbService } from '../../../local/dynamodb';
import { createEventsService } from '../../../local/events';
import { iamService } from '../../../local/iam';
import type { IamService } from '../../../local/iam/types';
import { createKmsService } from '../../../local/kms';
import { createLambdaService } from '../../../local/lambda';
import { s3Service } from '../../../local/s3';
import { createSnsService } from '../../../local/sns';
import { createSecretsManagerService } from '../../../local/secretsmanager';
import { createSqsService } from '../../../local/sqs';
import { createSchedulerService, type SchedulerLocalService } from '../../../local/scheduler';
import { createSsmService } from '../../../local/ssm';
import { clientConfig, roleArn, startTestCloud } from '../../helpers/cloud';

/** The SMS subscriber of the crash test's topic (its messages land in SNS's outbox). */
export const CRASH_PHONE = '+15555550199';

/** The local cloud the crash test kills and restarts: every service that keeps state through the store, on Flare's assembly. */
export function crashCloud(stateDir: string, reporter: Reporter): Promise<LocalCloud> {
  return startTestCloud({
    stateDir,
    services: [iamService(), createSsmService(), createSqsService(), dynamodbService(), s3Service(), cognitoService(), cognitoIdentityService(), createSnsService(), createEventsService(), createSecretsManagerService(), createKmsService()],
    reporter,
  });
}

/**
 * The local cloud whose Lambda keeps DynamoDB stream positions (Flare's assembly has no
 * event-source mapping): the stream fixture, where OrdersMapping feeds orders-consumer, which
 * logs each batch it gets as `BATCH [{ id, seq, … }]`. Its state lies in `<stateDir>/streams`.
 */
export function streamsCloud(stateDir: string, reporter: Reporter): Promise<LocalCloud> {
  return startTestCloud({
    cdkOut: path.resolve('tests/fixtures/lambda-streams'),
    stateDir: path.join(stateDir, 'streams'),
    services: [iamService(), dynamodbService(), createLambdaService({ hotReload: false, eventSourceRetryBaseMs: 20 })],
    reporter,
  });
}

/**
 * The local cloud whose scheduler keeps anchors (Flare's one schedule is a cron expression, which
 * has none): the rate fixture, whose rate(1 minute) schedule the scheduler counts from the start
 * that first ran it. Lambda does not run there, so its firings are dropped (logged). Its state
 * lies in `<stateDir>/schedules`.
 */
export function schedulesCloud(stateDir: string, reporter: Reporter): Promise<LocalCloud> {
  return startTestCloud({
    cdkOut: path.resolve('tests/fixtures/lambda-schedules-rate'),
    stateDir: path.join(stateDir, 'schedules'),
    services: [iamService(), createSchedulerService()],
    reporter,
  });
}

/** `<schedule ARN> <anchor ms>` of each rate schedule, as the scheduler counts it. */
export function rateAnchors(cloud: LocalCloud): string[] {
  return cloud.services
    .get<SchedulerLocalService>('scheduler')
    .runs()
    .filter((run) => run.expression.startsWith('rate('))
    .map((run) => `${run.arn} ${run.anchor}`);
}

/** Where the crash test writes: Flare's user pool and client, identity pool, files bucket, Incident table, a role. */
export function crashTargets(cloud: LocalCloud) {
  const outputs = cloud.outputs;
  return {
    iam: cloud.services.get<IamService>('iam'),
    userPoolId: outputs.auth!.user_pool_id,
    clientId: outputs.auth!.user_pool_client_id,
    identityPoolId: outputs.auth!.identity_pool_id!,
    bucket: outputs.storage!.bucket_name,
    table: cloud.assembly.ofType('Custom::AmplifyDynamoDBTable').find((table) => table.logicalId.startsWith('IncidentTable'))!.ref(),
    roleArn: roleArn(cloud, 'incidentlifecyclelambdaServiceRole'),
    /** The kid the pool's JWKS publishes: the same after a restart when its signing key was kept. */
    signingKid: async () => {
      const jwks = (await (await fetch(`${cloud.endpoint}/${outputs.auth!.user_pool_id}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
      return jwks.keys[0].kid;
    },
  };
}

/** The real clients the crash test writes and reads with, as the local root. */
export function crashClients(cloud: LocalCloud) {
  const config = clientConfig(cloud);
  return {
    ssm: new SSMClient(config),
    cognito: new CognitoIdentityProviderClient(config),
    identities: new CognitoIdentityClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    dynamodb: new DynamoDBClient(config),
    sns: new SNSClient(config),
    events: new EventBridgeClient(config),
    sqs: new SQSClient(config),
    secrets: new SecretsManagerClient(config),
    kms: new KMSClient(config),
  };
}
