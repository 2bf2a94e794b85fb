import { createHash, randomUUID } from 'node:crypto';
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import { SqsErrors } from './errors';

/**
 * A message attribute as kept and answered on the JSON wire: binary values stay base64 text,
 * which is what the JSON protocol carries (the SDK decodes them into Uint8Arrays).
 */
export interface StoredAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** One message of a queue, as the state store keeps it (one record per message). */
export interface StoredMessage {
  queue: string;
  id: string;
  body: string;
  md5OfBody: string;
  attributes?: Record<string, StoredAttribute>;
  md5OfAttributes?: string;
  /** `AWSTraceHeader`, the one system attribute a sender may set. */
  traceHeader?: string;
  md5OfSystemAttributes?: string;
  /** Epoch ms. */
  sentAt: number;
  senderId: string;
  /** Epoch ms before which no one receives it: its delay, then each receive's visibility timeout. */
  availableAt: number;
  receiveCount: number;
  firstReceiveAt?: number;
  /** The token of the latest receive; a receipt handle carries it. */
  receipt?: string;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
  /** Set when redrive moved it here from a source queue. */
  deadLetterSourceArn?: string;
}

const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

/** The MD5 of a body, as `MD5OfMessageBody` and `MD5OfBody` give it (the SDK checks it). */
export const md5OfBody = (body: string): string => md5(Buffer.from(body, 'utf8'));

/** `length (4 bytes, big-endian) ‖ bytes`, the unit of SQS's attribute digest. */
function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * The MD5 of message attributes as SQS documents it: attributes sorted by name, each encoded
 * as name, data type (length-prefixed UTF-8), a transport byte (1 String/Number, 2 Binary)
 * and the length-prefixed value.
 */
export function md5OfAttributes(attributes: Readonly<Record<string, StoredAttribute>>): string {
  const parts: Buffer[] = [];
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name];
    parts.push(lengthPrefixed(Buffer.from(name, 'utf8')), lengthPrefixed(Buffer.from(attribute.DataType, 'utf8')));
    if (attribute.BinaryValue !== undefined) parts.push(Buffer.from([2]), lengthPrefixed(Buffer.from(attribute.BinaryValue, 'base64')));
    else parts.push(Buffer.from([1]), lengthPrefixed(Buffer.from(attribute.StringValue ?? '', 'utf8')));
  }
  return md5(Buffer.concat(parts));
}

/** XML 1.0's characters: SQS refuses a body or string value holding any other. */
const XML_CHARACTERS = /^[\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

export function checkCharacters(text: string): void {
  if (!XML_CHARACTERS.test(text)) throw SqsErrors.invalidMessageContents();
}

const ATTRIBUTE_NAME = /^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;
const DATA_TYPE = /^(String|Number|Binary)(\.[^\s]{1,250})?$/;

/**
 * Checks and copies message attributes as SQS does: at most 10, names of letters, digits,
 * `_`, `-`, `.` (no `AWS.`/`Amazon.` prefix, no leading, trailing or doubled period), a data type
 * of String, Number or Binary (with an optional custom suffix) and a non-empty value of it.
 * Returns the attributes and their size in bytes (names, types and values count toward the
 * message size).
 */
export function readAttributes(input: Readonly<Record<string, MessageAttributeValue>> | undefined): { attributes?: Record<string, StoredAttribute>; size: number } {
  if (!input || Object.keys(input).length === 0) return { size: 0 };
  const names = Object.keys(input);
  if (names.length > 10) throw SqsErrors.invalidParameterValue(`Number of message attributes [${names.length}] exceeds the allowed maximum [10].`);
  const attributes: Record<string, StoredAttribute> = {};
  let size = 0;
  for (const name of names) {
    const value = input[name];
    if (!ATTRIBUTE_NAME.test(name) || /^(aws|amazon)\./i.test(name)) throw SqsErrors.invalidParameterValue(`Message (user) attribute name '${name}' is invalid.`);
    const type = value.DataType ?? '';
    if (!DATA_TYPE.test(type)) throw SqsErrors.invalidParameterValue(`The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`);
    if (value.StringListValues?.length || value.BinaryListValues?.length) throw SqsErrors.invalidParameterValue(`Message (user) attribute '${name}': StringListValues and BinaryListValues are not supported.`);
    const binary = type.startsWith('Binary');
    const text = binary ? (value.BinaryValue as unknown as string | undefined) : value.StringValue;
    if (text === undefined || text === '') {
      throw SqsErrors.invalidParameterValue(`Message (user) attribute '${name}' must contain a non-empty value of type '${binary ? 'Binary' : 'String'}'.`);
    }
    if (type.startsWith('Number') && (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || text.replace(/[^0-9]/g, '').length > 38)) {
      throw SqsErrors.invalidParameterValue(`Can't cast the value of message (user) attribute '${name}' to a number.`);
    }
    if (!binary) checkCharacters(text);
    attributes[name] = binary ? { DataType: type, BinaryValue: text } : { DataType: type, StringValue: text };
    size += Buffer.byteLength(name) + Buffer.byteLength(type) + (binary ? Buffer.from(text, 'base64').length : Buffer.byteLength(text));
  }
  return { attributes, size };
}

/** A new message id (a UUID, as SQS's are). */
export const newMessageId = (): string => randomUUID();

/** The attributes a receive asked for (`All` or names), picked from what SQS knows of the message. */
export function systemAttributesOf(message: StoredMessage, names: ReadonlySet<string>): Record<string, string> | undefined {
  if (names.size === 0) return undefined;
  const all = names.has('All');
  const known: Record<string, string | undefined> = {
    SenderId: message.senderId,
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: message.firstReceiveAt === undefined ? undefined : String(message.firstReceiveAt),
    AWSTraceHeader: message.traceHeader,
    MessageGroupId: message.groupId,
    MessageDeduplicationId: message.deduplicationId,
    SequenceNumber: message.sequenceNumber,
    DeadLetterQueueSourceArn: message.deadLetterSourceArn,
  };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(known)) if (value !== undefined && (all || names.has(name))) out[name] = value;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The message attributes a receive asked for: `All`, `.*`, names, or prefixes ending in `.*`.
 * The MD5 covers only the attributes returned, as SQS computes it.
 */
export function pickAttributes(message: StoredMessage, names: readonly string[]): { attributes?: Record<string, StoredAttribute>; md5?: string } {
  if (!message.attributes || names.length === 0) return {};
  const wanted = (name: string) => names.some((pattern) => pattern === 'All' || pattern === '.*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))));
  const picked = Object.fromEntries(Object.entries(message.attributes).filter(([name]) => wanted(name)));
  if (Object.keys(picked).length === 0) return {};
  return { attributes: picked, md5: md5OfAttributes(picked) };
}

/** A received message as ReceiveMessage answers it. */
export function toWireMessage(message: StoredMessage, receiptHandle: string, systemNames: ReadonlySet<string>, attributeNames: readonly string[]): Message {
  const { attributes, md5 } = pickAttributes(message, attributeNames);
  const system = systemAttributesOf(message, systemNames);
  return {
    MessageId: message.id,
    ReceiptHandle: receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(system && { Attributes: system }),
    ...(attributes && { MessageAttributes: attributes as unknown as Record<string, MessageAttributeValue>, MD5OfMessageAttributes: md5 }),
  };
}
