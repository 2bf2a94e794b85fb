import { runAction, validateRequest, type TableDescription } from '../engine/dynalite';
import { describeTable as withStream } from '../tables/describe';
import { tableArn, type Operation } from './context';

/** DescribeTable: dynalite's description plus the table's stream. */
export const describeTable: Operation = async (input, context) => {
  const data = validateRequest('DescribeTable', input, context.database.store);
  const tableName = data.TableName as string;
  context.authorize('dynamodb:DescribeTable', tableArn(tableName));
  const { Table } = (await runAction('DescribeTable', context.database.store, data)) as { Table: TableDescription };
  return { Table: withStream(Table, context.database.meta(tableName)) };
};
