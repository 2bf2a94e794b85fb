import type { TableMeta } from '../engine/database';
import type { TableDescription } from '../engine/dynalite';

/** A table as DescribeTable shows it: dynalite's description plus its stream. */
export function describeTable(table: TableDescription, meta: TableMeta): TableDescription {
  if (!meta.stream) return table;
  return {
    ...table,
    StreamSpecification: { StreamEnabled: true, StreamViewType: meta.stream.viewType },
    LatestStreamLabel: meta.stream.label,
    LatestStreamArn: meta.stream.arn,
  };
}
