import { createHash } from 'node:crypto';
import type { StreamMeta } from '../engine/database';
import type { KeySchemaElement } from '../engine/dynalite';
import type { StreamViewType } from '../streams/records';

/** A stream label as AWS writes them: the enabling time, ISO 8601 without the zone. */
export function streamLabelAt(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '');
}

/**
 * A new stream's description. `arn` is given for the assembly's tables (the assembly fixes
 * their stream ARNs so policies and mappings can name them); API-created streams get one
 * labelled with the time they were enabled.
 */
export function newStream(options: { tableArn: string; viewType: StreamViewType; keySchema: KeySchemaElement[]; nowMs: number; arn?: string }): StreamMeta {
  const arn = options.arn ?? `${options.tableArn}/stream/${streamLabelAt(options.nowMs)}`;
  const label = arn.slice(arn.lastIndexOf('/') + 1);
  const suffix = createHash('sha256').update(arn).digest('hex').slice(0, 8);
  return {
    arn,
    label,
    viewType: options.viewType,
    keySchema: options.keySchema,
    createdMs: options.nowMs,
    shardId: `shardId-${String(options.nowMs).padStart(20, '0')}-${suffix}`,
  };
}
