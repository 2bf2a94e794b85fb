/** Members several SQS operations share, as the API model states them (SQS's model has few constraints: its own checks are in the operations). */
export const QUEUE_URL = { type: 'string', required: true } as const;
export const RECEIPT_HANDLE = { type: 'string', required: true } as const;
export const TAG_MAP = { type: 'map', value: { type: 'string' } } as const;

/** Message attributes (user and system): SendMessage's MessageAttributeValue. */
export const MESSAGE_ATTRIBUTE_VALUE = {
  type: 'structure',
  members: {
    StringValue: { type: 'string' },
    BinaryValue: { type: 'blob' },
    StringListValues: { type: 'list', member: { type: 'string' } },
    BinaryListValues: { type: 'list', member: { type: 'blob' } },
    DataType: { type: 'string', required: true },
  },
} as const;

/** Batch entry ids: letters, digits, `-`, `_`, at most 80. */
export const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * A map keyed by an enum (the model's QueueAttributeMap, MessageBodySystemAttributeMap): the SDK
 * types it as `Partial<Record<Enum, V>>`, which reads like a structure to the kit's typing, but on
 * the wire it is a map, and SQS answers a key outside the enum itself (InvalidAttributeName), so
 * the validator must keep every key.
 */
export function enumKeyedMap<T>(value: { type: 'string' } | typeof MESSAGE_ATTRIBUTE_VALUE, required?: true): T {
  return { type: 'map', value, ...(required && { required }) } as unknown as T;
}
