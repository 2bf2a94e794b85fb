import { AppSyncClient, ListDataSourcesCommand, ListGraphqlApisCommand } from '@aws-sdk/client-appsync';
import { CognitoIdentityProviderClient, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { awsConfig } from '../../lib/aws';
import { servicesPresent, type Session } from '../../lib/session';

export interface Trigger {
  kind: string;
  description: string;
}

/**
 * What invokes a function, asked of each service's own API: user pool triggers
 * (ListUserPools' LambdaConfig), event-source mappings, schedules, and AppSync Lambda data
 * sources and authorizers.
 */
export async function triggersOf(session: Session, functionArn: string): Promise<Trigger[]> {
  const config = awsConfig(session);
  const found: Trigger[] = [];
  const lookups: Promise<void>[] = [];
  if (servicesPresent(session, ['cognito'])) {
    lookups.push(
      new CognitoIdentityProviderClient(config).send(new ListUserPoolsCommand({ MaxResults: 60 })).then(({ UserPools = [] }) => {
        for (const pool of UserPools) {
          for (const [trigger, value] of Object.entries(pool.LambdaConfig ?? {})) {
            const arn = typeof value === 'string' ? value : (value as { LambdaArn?: string } | undefined)?.LambdaArn;
            if (arn === functionArn && trigger !== 'PreTokenGenerationConfig') found.push({ kind: 'Cognito trigger', description: `${trigger} of ${pool.Name} (${pool.Id})` });
          }
        }
      }),
    );
  }
  lookups.push(
    new LambdaClient(config).send(new ListEventSourceMappingsCommand({ FunctionName: functionArn })).then(({ EventSourceMappings = [] }) => {
      for (const mapping of EventSourceMappings) found.push({ kind: 'Event source', description: `${mapping.EventSourceArn} (${mapping.State}, batch ${mapping.BatchSize ?? '—'})` });
    }),
  );
  if (servicesPresent(session, ['scheduler'])) {
    lookups.push(
      new SchedulerClient(config).send(new ListSchedulesCommand({})).then(({ Schedules = [] }) => {
        for (const schedule of Schedules) if (schedule.Target?.Arn === functionArn) found.push({ kind: 'Schedule', description: `${schedule.Name} (${schedule.State})` });
      }),
    );
  }
  if (servicesPresent(session, ['appsync'])) {
    const appsync = new AppSyncClient(config);
    lookups.push(
      appsync.send(new ListGraphqlApisCommand({})).then(async ({ graphqlApis = [] }) => {
        for (const api of graphqlApis) {
          const authorizers = [api, ...(api.additionalAuthenticationProviders ?? [])].filter((provider) => provider.lambdaAuthorizerConfig?.authorizerUri === functionArn);
          if (authorizers.length > 0) found.push({ kind: 'AppSync authorizer', description: `Lambda authorizer of ${api.name}` });
          const { dataSources = [] } = await appsync.send(new ListDataSourcesCommand({ apiId: api.apiId }));
          for (const source of dataSources) if (source.lambdaConfig?.lambdaFunctionArn === functionArn) found.push({ kind: 'AppSync data source', description: `${source.name} of ${api.name}` });
        }
      }),
    );
  }
  await Promise.all(lookups);
  return found;
}
