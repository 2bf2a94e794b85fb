import { STREAM_VIEW_TYPES, type StreamViewType } from '../streams/records';
import { describeTable } from '../tables/describe';
import { createTableAndWait } from '../tables/lifecycle';
import { newStream } from '../tables/streams-meta';
import { ValidationException } from '../errors';
import { checkedMember, tableArn, tableNameOf, type Operation } from './context';

/** A StreamSpecification as CreateTable and UpdateTable take it; undefined when absent. */
export function streamSpecificationOf(input: Record<string, unknown>): { enabled: boolean; viewType?: StreamViewType } | undefined {
  const spec = input.StreamSpecification as { StreamEnabled?: unknown; StreamViewType?: unknown } | undefined;
  if (spec === undefined || spec === null) return undefined;
  checkedMember(
    spec,
    { type: 'structure', members: { StreamEnabled: { type: 'boolean', required: true }, StreamViewType: { type: 'string', enum: STREAM_VIEW_TYPES } } },
    'streamSpecification',
  );
  if (spec.StreamEnabled && spec.StreamViewType === undefined) {
    throw new ValidationException('One or more parameter values were invalid: StreamViewType is required when StreamEnabled is true');
  }
  return { enabled: spec.StreamEnabled as boolean, viewType: spec.StreamViewType as StreamViewType | undefined };
}

/**
 * CreateTable: dynalite's, plus a stream when StreamSpecification enables one. The table is
 * ACTIVE when this returns (dynalite settles it on the next tick), so the description says so.
 */
export const createTable: Operation = async (input, context) => {
  const stream = streamSpecificationOf(input);
  context.authorize('dynamodb:CreateTable', tableArn(tableNameOf(input)));
  const table = await createTableAndWait(context.database, input);
  if (stream?.enabled) {
    await context.database.setMeta(table.TableName, {
      stream: newStream({ tableArn: table.TableArn, viewType: stream.viewType!, keySchema: table.KeySchema, nowMs: context.now() }),
    });
  }
  return { TableDescription: describeTable(table, context.database.meta(table.TableName)) };
};
