import { getTable, validateRequest } from '../engine/dynalite';
import { ResourceNotFoundException } from '../errors';
import { tableArn, type Operation } from './context';

/** DescribeTimeToLive: ENABLED with its attribute, or DISABLED. */
export const describeTimeToLive: Operation = async (input, context) => {
  const data = validateRequest('DescribeTimeToLive', input, context.database.store);
  const tableName = data.TableName as string;
  context.authorize('dynamodb:DescribeTimeToLive', tableArn(tableName));
  if (!(await getTable(context.database.store, tableName))) throw new ResourceNotFoundException(`Requested resource not found: Table: ${tableName} not found`);
  const ttl = context.database.meta(tableName).ttl;
  return { TimeToLiveDescription: ttl ? { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.attributeName } : { TimeToLiveStatus: 'DISABLED' } };
};
