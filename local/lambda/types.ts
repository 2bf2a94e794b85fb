import type { Logger } from '../reporter';
import type { LocalService } from '../service';
import type { FunctionErrorPayload } from './errors';
import type { FunctionConfig } from './function-config';

/** Contract of the local Lambda service (implemented in local/lambda). */
export interface InvokeOptions {
  invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  /** Client context / caller tag for logs, e.g. `appsync Mutation.acknowledgeIncident`. */
  source?: string;
  /**
   * The X-Ray trace header the invocation carries (`Root=…;Lineage=…`): the function sees it as
   * `_X_AMZN_TRACE_ID`, and the AWS SDK inside it sends it on with every call it makes (how
   * EventBridge and SNS count a loop through the function). A new root when absent.
   */
  traceId?: string;
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

/** What one invocation produced, with the details the Invoke API returns. */
export interface Execution {
  requestId: string;
  statusCode: number;
  /** The response payload as JSON text (the result, or the error object). */
  payload?: string;
  functionError?: 'Unhandled';
  error?: FunctionErrorPayload;
  /** The invocation's log lines in Lambda's text format. */
  logs: string[];
}

export interface ExecuteOptions {
  invocationType: 'RequestResponse' | 'Event' | 'DryRun';
  requestId?: string;
  source?: string;
  clientContext?: unknown;
  /** See InvokeOptions.traceId. */
  traceId?: string;
}

/** One `AWS::Lambda::EventSourceMapping` of the assembly, evaluated. */
export interface EventSourceMapping {
  logicalId: string;
  functionName: string;
  eventSourceArn: string;
  kind: 'dynamodb' | 'sqs' | 'kinesis' | 'other';
  enabled: boolean;
  properties: Record<string, unknown>;
}

/**
 * What the Lambda API's operations and the event-source mappings need of the service that
 * runs the functions, so that they depend on this contract rather than on service.ts (which
 * imports them).
 */
export interface FunctionHost {
  functions(): readonly FunctionConfig[];
  /** By name, ARN or friendly name; ResourceNotFoundException (LambdaError) otherwise. */
  findFunction(reference: string, qualifier?: string): FunctionConfig;
  execute(config: FunctionConfig, payload: Buffer, options: ExecuteOptions): Promise<Execution>;
  invoke(functionNameOrArn: string, payload: unknown, options?: InvokeOptions): Promise<InvokeResult>;
  loggerOf(config: FunctionConfig): Logger;
  /** The assembly's event-source mappings, running or not (ListEventSourceMappings). */
  eventSourceMappings(): readonly EventSourceMapping[];
}
