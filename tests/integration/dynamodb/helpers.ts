/**
 * Local clouds for the DynamoDB tests, on Flare's assembly or on the hand-written fixture
 * (tests/fixtures/dynamodb-table), with SDK clients pointed at the edge.
 */
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Reporter, LocalCloud, LocalService } from '../../../local';
import { dynamodbService, type DynamoDBOptions, type LocalDynamoDBService } from '../../../local/dynamodb';
import type { Credentials } from '../../../local/iam/types';
import { clientConfig, ROOT, startTestCloud } from '../../helpers/cloud';

export const FIXTURE = path.resolve('tests/fixtures/dynamodb-table');

export interface CloudOptions {
  /** The fixture assembly instead of Flare's. */
  fixture?: boolean;
  /** Persist here instead of in memory. */
  stateDir?: string;
  /** Services before dynamodb (iam). */
  before?: LocalService[];
  dynamodb?: DynamoDBOptions;
  reporter?: Reporter;
}

export function startCloud(options: CloudOptions = {}): Promise<LocalCloud> {
  return startTestCloud({
    stateDir: options.stateDir,
    cdkOut: options.fixture ? FIXTURE : undefined,
    services: [...(options.before ?? []), dynamodbService(options.dynamodb)],
    reporter: options.reporter,
  });
}

export function clients(cloud: LocalCloud, credentials: Credentials = ROOT) {
  const config = clientConfig(cloud, credentials);
  const dynamodb = new DynamoDBClient(config);
  return { dynamodb, documents: DynamoDBDocumentClient.from(dynamodb), streams: new DynamoDBStreamsClient(config) };
}

export function service(cloud: LocalCloud): LocalDynamoDBService {
  return cloud.services.get<LocalDynamoDBService>('dynamodb');
}

/** The physical name of a table of the assembly, by the start of its logical id. */
export function tableName(cloud: LocalCloud, logicalIdPrefix: string): string {
  const table = cloud.assembly.ofType('Custom::AmplifyDynamoDBTable', 'AWS::DynamoDB::Table').find((r) => r.logicalId.startsWith(logicalIdPrefix));
  if (!table) throw new Error(`No table ${logicalIdPrefix}* in the assembly`);
  return table.ref();
}
