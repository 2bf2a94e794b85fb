import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { dynamodbService } from '../../../local/dynamodb';
import { iamService } from '../../../local/iam';
import { createLambdaService, type LambdaLocalService } from '../../../local/lambda';
import { clientConfig, startTestCloud } from '../../helpers/cloud';

const FIXTURE = path.resolve('tests/fixtures/lambda-streams');

/** ListEventSourceMappings through the real SDK client, over a fixture with stream and SQS mappings. */
describe('ListEventSourceMappings', () => {
  let cloud: LocalCloud;
  let lambda: LambdaClient;
  const functionName = (friendly: string) =>
    cloud.services.get<LambdaLocalService>('lambda').functions().find((config) => config.displayName === friendly)!.name;

  beforeAll(async () => {
    cloud = await startTestCloud({ cdkOut: FIXTURE, services: [iamService(), dynamodbService(), createLambdaService({ hotReload: false })] });
    lambda = new LambdaClient(clientConfig(cloud));
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  it('lists every mapping of the assembly, the SQS one (not run locally) included, with stable UUIDs', async () => {
    const { EventSourceMappings } = await lambda.send(new ListEventSourceMappingsCommand({}));
    expect(EventSourceMappings).toHaveLength(4);
    expect(EventSourceMappings!.every((mapping) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/.test(mapping.UUID!))).toBe(true);
    expect(EventSourceMappings!.find((mapping) => mapping.EventSourceArn === 'arn:aws:sqs:us-east-1:000000000000:jobs')).toMatchObject({ State: 'Enabled', BatchSize: 10 });
    const again = await lambda.send(new ListEventSourceMappingsCommand({}));
    expect(again.EventSourceMappings!.map((mapping) => mapping.UUID)).toEqual(EventSourceMappings!.map((mapping) => mapping.UUID));
  });

  it('filters by function (name or ARN) and pages by MaxItems', async () => {
    const audit = functionName('audit-consumer');
    const { EventSourceMappings } = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: audit }));
    expect(EventSourceMappings!.map((mapping) => mapping.FunctionArn)).toEqual([expect.stringMatching(new RegExp(`:function:${audit}$`)), expect.stringMatching(new RegExp(`:function:${audit}$`))]);
    const first = await lambda.send(new ListEventSourceMappingsCommand({ MaxItems: 3 }));
    const rest = await lambda.send(new ListEventSourceMappingsCommand({ MaxItems: 3, Marker: first.NextMarker }));
    expect([...first.EventSourceMappings!, ...rest.EventSourceMappings!]).toHaveLength(4);
    expect(rest.NextMarker).toBeUndefined();
  });

  it('answers an unknown function with ResourceNotFoundException', async () => {
    const error = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'nope' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });
});
