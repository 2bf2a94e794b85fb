import type { ServerResponse } from 'node:http';
import type { EdgeRequest } from '../../edge';
import type { Logger } from '../../reporter';
import type { FunctionHost } from '../types';

/** What an operation of the Lambda REST API is handed. */
export interface LambdaCall {
  request: EdgeRequest;
  response: ServerResponse;
  /** Path parameters (`FunctionName`, `ARN`), URI-decoded. */
  params: Record<string, string>;
  body: Buffer;
  service: FunctionHost;
  log: Logger;
  /** Checks the operation's IAM action (`lambda:<Name>` unless it states one) on `resource` for the caller; throws AccessDeniedException. */
  authorize(resource: string): void;
}

/** One operation of Lambda's REST-JSON API: its name, IAM action, HTTP binding and handler. */
export interface LambdaOperation {
  /** Lambda's operation name, for logs and UnknownOperationException. */
  readonly name: string;
  /** The IAM action when it is not `lambda:<name>` (Invoke is `lambda:InvokeFunction`). */
  readonly action?: string;
  readonly method: string;
  readonly path: RegExp;
  handle(call: LambdaCall): Promise<void> | void;
}
