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
