import { LocalDynamoDBService, type DynamoDBOptions } from './service';

/**
 * The local DynamoDB service: the assembly's tables (`AWS::DynamoDB::Table`,
 * `Custom::AmplifyDynamoDBTable`) on dynalite, persisted in the state directory, with
 * transactions, streams and Time to Live; DynamoDB and DynamoDB Streams on the edge.
 * @example
 * const cloud = await startLocalCloud({ projectDir, services: [iamService(), dynamodbService()] });
 * const dynamodb = cloud.services.get<LocalDynamoDBService>('dynamodb');
 * await dynamodb.call('PutItem', { TableName: 'Todo', Item: { id: { S: '1' } } });
 */
export function dynamodbService(options: DynamoDBOptions = {}): LocalDynamoDBService {
  return new LocalDynamoDBService(options);
}

export { LocalDynamoDBService, type DynamoDBOptions } from './service';
export { toLambdaStreamRecord, type LambdaStreamRecord } from './streams/records';
export { TableDefinitionError } from './tables/definitions';
export { DynamoDBError } from './types';
export type {
  AttributeMap,
  AttributeValue,
  DynamoDBService,
  DynamoDBStreamSource,
  StreamListener,
  StreamPosition,
  StreamRecord,
  StreamSubscription,
} from './types';
