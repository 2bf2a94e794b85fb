import { getTable } from '../engine/dynalite';
import type { UpdateTimeToLiveInput } from '@aws-sdk/client-dynamodb';
import { ResourceNotFoundException, ValidationException } from '../errors';
import { tableArn, validated, type Operation } from './context';

/**
 * UpdateTimeToLive: enables or disables Time to Live on an attribute. On AWS the change
 * takes up to an hour (ENABLING, DISABLING); locally it is immediate. Enabling twice, or
 * disabling what is not enabled, is refused as AWS refuses it.
 */
export const updateTimeToLive: Operation = async (input, context) => {
  const { TableName: tableName, TimeToLiveSpecification: spec } = validated<UpdateTimeToLiveInput>(input, {
    type: 'structure',
    members: {
      TableName: { type: 'string', required: true, min: 3, max: 255, pattern: '[a-zA-Z0-9_.-]+' },
      TimeToLiveSpecification: {
        type: 'structure',
        required: true,
        members: { Enabled: { type: 'boolean', required: true }, AttributeName: { type: 'string', required: true, min: 1, max: 255 } },
      },
    },
  });
  const { Enabled: enabled, AttributeName: attributeName } = spec;

  context.authorize('dynamodb:UpdateTimeToLive', tableArn(tableName));
  if (!(await getTable(context.database.store, tableName, true))) throw new ResourceNotFoundException();
  const meta = context.database.meta(tableName);
  if (enabled) {
    if (meta.ttl) throw new ValidationException('TimeToLive is already enabled');
    await context.database.setMeta(tableName, { ...meta, ttl: { attributeName } });
  } else {
    if (!meta.ttl) throw new ValidationException('TimeToLive is already disabled');
    if (meta.ttl.attributeName !== attributeName) throw new ValidationException(`TimeToLive is active on a different AttributeName: current AttributeName is ${meta.ttl.attributeName}`);
    await context.database.setMeta(tableName, { ...meta, ttl: undefined });
  }
  return { TimeToLiveSpecification: { Enabled: enabled, AttributeName: attributeName } };
};
