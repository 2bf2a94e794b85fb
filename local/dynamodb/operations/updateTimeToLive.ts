import { getTable } from '../engine/dynalite';
import { ResourceNotFoundException, SerializationException, ValidationException } from '../errors';
import { constraintError, tableArn, type Operation } from './context';

/**
 * UpdateTimeToLive: enables or disables Time to Live on an attribute. On AWS the change
 * takes up to an hour (ENABLING, DISABLING); locally it is immediate. Enabling twice, or
 * disabling what is not enabled, is refused as AWS refuses it.
 */
export const updateTimeToLive: Operation = async (input, context) => {
  const { TableName: tableName, TimeToLiveSpecification: spec } = input as { TableName?: unknown; TimeToLiveSpecification?: { Enabled?: unknown; AttributeName?: unknown } };
  if (typeof tableName !== 'string' && tableName !== undefined) throw new SerializationException('Unexpected field type');
  if (spec !== undefined && (typeof spec !== 'object' || spec === null || Array.isArray(spec))) throw new SerializationException('Unexpected field type');
  const problems: string[] = [];
  if (tableName === undefined) problems.push("Value null at 'tableName' failed to satisfy constraint: Member must not be null");
  else if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(tableName)) problems.push(`Value '${tableName}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`);
  if (spec === undefined) problems.push("Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null");
  else {
    if (typeof spec.Enabled !== 'boolean') problems.push("Value null at 'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null");
    if (typeof spec.AttributeName !== 'string') problems.push("Value null at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must not be null");
    else if (spec.AttributeName.length < 1 || spec.AttributeName.length > 255) {
      throw constraintError('timeToLiveSpecification.attributeName', spec.AttributeName, 'Member must have length less than or equal to 255');
    }
  }
  if (problems.length > 0) throw new ValidationException(`${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ${problems.join('; ')}`);
  const { Enabled: enabled, AttributeName: attributeName } = spec as { Enabled: boolean; AttributeName: string };

  context.authorize('dynamodb:UpdateTimeToLive', tableArn(tableName!));
  if (!(await getTable(context.database.store, tableName!, true))) throw new ResourceNotFoundException();
  const meta = context.database.meta(tableName!);
  if (enabled) {
    if (meta.ttl) throw new ValidationException('TimeToLive is already enabled');
    await context.database.setMeta(tableName!, { ...meta, ttl: { attributeName } });
  } else {
    if (!meta.ttl) throw new ValidationException('TimeToLive is already disabled');
    if (meta.ttl.attributeName !== attributeName) throw new ValidationException(`TimeToLive is active on a different AttributeName: current AttributeName is ${meta.ttl.attributeName}`);
    await context.database.setMeta(tableName!, { ...meta, ttl: undefined });
  }
  return { TimeToLiveSpecification: { Enabled: enabled, AttributeName: attributeName } };
};
