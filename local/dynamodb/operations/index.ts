import { OperationRegistry } from '../../kit';
import { batchGetItem } from './batchGetItem';
import { batchWriteItem } from './batchWriteItem';
import type { Operation } from './context';
import { createTable } from './createTable';
import { deleteItem } from './deleteItem';
import { deleteTable } from './deleteTable';
import { describeEndpoints } from './describeEndpoints';
import { describeLimits } from './describeLimits';
import { describeStream } from './describeStream';
import { describeTable } from './describeTable';
import { describeTimeToLive } from './describeTimeToLive';
import { getItem } from './getItem';
import { getRecords } from './getRecords';
import { getShardIterator } from './getShardIterator';
import { listStreams } from './listStreams';
import { listTables } from './listTables';
import { listTagsOfResource } from './listTagsOfResource';
import { NOT_IMPLEMENTED } from './notImplemented';
import { putItem } from './putItem';
import { query } from './query';
import { scan } from './scan';
import { tagResource } from './tagResource';
import { transactGetItems } from './transactGetItems';
import { transactWriteItems } from './transactWriteItems';
import { untagResource } from './untagResource';
import { updateItem } from './updateItem';
import { updateTable } from './updateTable';
import { updateTimeToLive } from './updateTimeToLive';

/** A DynamoDB operation as the registries hold it. Its input is validated by dynalite, or by the operation through the kit where dynalite has no rules. */
export interface RegisteredOperation {
  readonly name: string;
  readonly handle: Operation;
}

const registered = (operations: Record<string, Operation>): RegisteredOperation[] => Object.entries(operations).map(([name, handle]) => ({ name, handle }));

/** The DynamoDB API (`X-Amz-Target: DynamoDB_20120810.<name>`, IAM `dynamodb:<name>`). Anything else is UnknownOperationException. */
export const DYNAMODB_OPERATIONS = new OperationRegistry<RegisteredOperation>({
  service: 'DynamoDB',
  iamPrefix: 'dynamodb',
  operations: registered({
    BatchGetItem: batchGetItem,
    BatchWriteItem: batchWriteItem,
    CreateTable: createTable,
    DeleteItem: deleteItem,
    DeleteTable: deleteTable,
    DescribeEndpoints: describeEndpoints,
    DescribeLimits: describeLimits,
    DescribeTable: describeTable,
    DescribeTimeToLive: describeTimeToLive,
    GetItem: getItem,
    ListTables: listTables,
    ListTagsOfResource: listTagsOfResource,
    PutItem: putItem,
    Query: query,
    Scan: scan,
    TagResource: tagResource,
    TransactGetItems: transactGetItems,
    TransactWriteItems: transactWriteItems,
    UntagResource: untagResource,
    UpdateItem: updateItem,
    UpdateTable: updateTable,
    UpdateTimeToLive: updateTimeToLive,
  }),
  notImplemented: NOT_IMPLEMENTED,
});

/** The DynamoDB Streams API (`X-Amz-Target: DynamoDBStreams_20120810.<name>`, IAM `dynamodb:<name>`). */
export const STREAMS_OPERATIONS = new OperationRegistry<RegisteredOperation>({
  service: 'DynamoDB Streams',
  iamPrefix: 'dynamodb',
  operations: registered({
    DescribeStream: describeStream,
    GetRecords: getRecords,
    GetShardIterator: getShardIterator,
    ListStreams: listStreams,
  }),
});

export type { Operation, OperationContext } from './context';
