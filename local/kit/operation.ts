import type { Principal } from '../iam/types';
import type { Logger } from '../reporter';
import type { StructureShape, Validated } from './shapes';

/** What every operation is handed, whatever its service and protocol. */
export interface OperationCall {
  /** AWS's name of the operation: `PutParameter`. */
  readonly operation: string;
  readonly requestId: string;
  readonly log: Logger;
  /** The request's `X-Amzn-Trace-Id` (set by the AWS SDK inside functions): how services count loops. */
  readonly traceHeader?: string;
  /** The authenticated caller; undefined for unsigned operations, and when no IAM service runs. */
  readonly principal?: Principal;
  /**
   * Authorizes the caller for the operation's IAM action (`options.action` to ask for another,
   * as transactions do) on each resource, in order; throws the service's access-denied error
   * at the first refusal. Passes when there is no caller or no IAM service.
   * @example
   * call.authorize(parameterArn(input.Name));
   */
  authorize(resources: string | readonly string[], options?: { action?: string; context?: Readonly<Record<string, string>> }): void;
}

/**
 * One AWS operation: its request's constraints (typed against the SDK's request type), its
 * IAM action, and what it does. The input it is handed is validated and typed; what it
 * returns is the SDK's response type, which the protocol serializes.
 * @example
 * export const deleteParameter = defineOperation<DeleteParameterRequest, DeleteParameterResult, SsmCall>({
 *   name: 'DeleteParameter',
 *   input: { type: 'structure', members: { Name: { type: 'string', required: true, min: 1, max: 2048 } } },
 *   async handle(input, call) { … },
 * });
 */
export interface OperationDefinition<I, O, C extends OperationCall = OperationCall> {
  readonly name: string;
  /** The request's members and constraints as the API model states them; checked before `handle`. */
  readonly input: StructureShape<I>;
  /**
   * The IAM action, when it is not `<service prefix>:<name>` (Lambda's Invoke is
   * `lambda:InvokeFunction`); `false` for operations AWS neither signs nor authorizes through
   * IAM (Cognito's SignUp, identity pools' GetId).
   */
  readonly action?: string | false;
  handle(input: Validated<I>, call: C): Promise<O> | O;
}

/** Declares an operation; the type parameters tie it to the SDK's request and response types. */
export function defineOperation<I, O, C extends OperationCall = OperationCall>(definition: OperationDefinition<I, O, C>): OperationDefinition<I, O, C> {
  return definition;
}

/** An operation of any request and response type, as a registry holds it (its input is checked against its own shape before it is handed over). */
export interface AnyOperation<C extends OperationCall = OperationCall> {
  readonly name: string;
  readonly input: { readonly type: 'structure'; readonly members: object };
  readonly action?: string | false;
  handle(input: never, call: C): unknown;
}
