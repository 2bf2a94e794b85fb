import type { Principal } from '../iam/types';
import type { LocalService } from '../service';

/** Contract of the local DynamoDB service (implemented in local/dynamodb). */
export class DynamoDBError extends Error {
  constructor(
    /** DynamoDB's error type without namespace: `ConditionalCheckFailedException`, `ValidationException`… */
    readonly type: string,
    message: string,
    readonly statusCode = 400,
    /** Extra fields of the error body (`CancellationReasons`, `Item` for return-values-on-failure). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = type;
  }
}

export interface DynamoDBService extends LocalService {
  readonly name: 'dynamodb';
  /**
   * Runs a DynamoDB API operation in-process (`GetItem`, `TransactWriteItems`…) with the
   * wire-format input and output (AttributeValue maps). When `caller` is given the
   * request is authorized by IAM for that principal. Throws DynamoDBError.
   */
  call(operation: string, input: Record<string, unknown>, caller?: Principal): Promise<Record<string, unknown>>;
}

/** A DynamoDB attribute value in wire form: `{ S: 'x' }`, `{ N: '1' }`, `{ M: {…} }`… */
export type AttributeValue = Record<string, unknown>;
/** An item (or key) in wire form. */
export type AttributeMap = Record<string, AttributeValue>;

/** One change record of a table's stream, as `GetRecords` returns it (DynamoDB Streams wire form). */
export interface StreamRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: string;
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: {
    /** Epoch seconds. */
    ApproximateCreationDateTime: number;
    Keys: AttributeMap;
    NewImage?: AttributeMap;
    OldImage?: AttributeMap;
    /** Increasing in commit order; compare as numbers (or as strings: they have a fixed width). */
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
  };
  /** Present on deletions made by Time to Live: `{ PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' }`. */
  userIdentity?: { PrincipalId: string; Type: string };
}

/** Where a subscription starts reading. */
export type StreamPosition = 'TRIM_HORIZON' | 'LATEST' | { afterSequenceNumber: string };

/** Receives records of one stream in commit order, one batch at a time (the next waits for this one). */
export type StreamListener = (records: StreamRecord[], context: { streamArn: string; tableName: string }) => void | Promise<void>;

export interface StreamSubscription {
  readonly streamArn: string;
  /** The sequence number of the last record delivered, if any. */
  readonly position: string | undefined;
  /** Stops delivery; a batch being delivered finishes. */
  close(): void;
}

/**
 * Stream subscriptions for other local services (Lambda's event-source mappings). Implemented
 * by the local DynamoDB service beside DynamoDBService: `services.find<DynamoDBService &
 * DynamoDBStreamSource>('dynamodb')`.
 */
export interface DynamoDBStreamSource {
  /**
   * Calls `listener` with the records of a table's stream (by table ARN, stream ARN or table
   * name) in commit order, in batches of at most `batchSize` (default 100), starting at
   * `from` (default LATEST). Delivery is sequential: each record reaches the listener once per
   * subscription, in order, and the next batch waits for the listener's promise. A listener
   * that throws is logged and delivery moves on, so an event-source mapping that retries does
   * so inside its listener, and after a restart resubscribes from its checkpoint with
   * `from: { afterSequenceNumber }`. Throws DynamoDBError (ResourceNotFoundException) when
   * the table is unknown or has no stream.
   */
  onStreamRecords(table: string, listener: StreamListener, options?: { from?: StreamPosition; batchSize?: number }): StreamSubscription;
}
