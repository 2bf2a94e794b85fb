import type { LocalService } from '../service';

/** Contract of the local Lambda service (implemented in local/lambda). */
export interface InvokeOptions {
  invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  /** Client context / caller tag for logs, e.g. `appsync Mutation.acknowledgeIncident`. */
  source?: string;
}

export interface InvokeResult {
  requestId: string;
  /** 200 for RequestResponse, 202 for Event, 204 for DryRun. */
  statusCode: number;
  /** The handler's return value (JSON-parsed), or Lambda's error object when it failed. */
  payload: unknown;
  /** Set when the function failed: `Unhandled` (threw, timed out, crashed). */
  functionError?: 'Unhandled' | 'Handled';
  /** The error as Lambda reports it: `{ errorType, errorMessage, trace }`. */
  error?: { errorType: string; errorMessage: string; trace?: string[] };
}

export interface LambdaService extends LocalService {
  readonly name: 'lambda';
  /** Invokes a function of the assembly by name or ARN. Unknown function → ResourceNotFoundException (LambdaError). */
  invoke(functionNameOrArn: string, payload: unknown, options?: InvokeOptions): Promise<InvokeResult>;
}
