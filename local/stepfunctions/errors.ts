import { JsonServiceError } from '../edge/json-protocol';

/**
 * Step Functions' API errors (AWS JSON 1.0: `{ "__type": "ExecutionDoesNotExist", "message" }`),
 * worded as Step Functions words them.
 */
export const StatesErrors = {
  invalidArn: (detail: string) => new JsonServiceError('InvalidArn', `Invalid Arn: '${detail}'`),
  invalidName: (name: string) => new JsonServiceError('InvalidName', `Invalid Name: '${name}'`),
  invalidDefinition: (detail: string) => new JsonServiceError('InvalidDefinition', `Invalid State Machine Definition: '${detail}'`),
  invalidExecutionInput: (detail: string) => new JsonServiceError('InvalidExecutionInput', `Invalid execution input: ${detail}`),
  invalidOutput: (detail: string) => new JsonServiceError('InvalidOutput', `Invalid output: ${detail}`),
  invalidToken: (detail: string) => new JsonServiceError('InvalidToken', `Invalid Token: '${detail}'`),
  taskDoesNotExist: () => new JsonServiceError('TaskDoesNotExist', "Task Timed Out: 'Provided task does not exist anymore'"),
  stateMachineDoesNotExist: (arn: string) => new JsonServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  stateMachineAlreadyExists: (arn: string) => new JsonServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`),
  executionDoesNotExist: (arn: string) => new JsonServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  executionAlreadyExists: (arn: string) => new JsonServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  typeNotSupported: (detail: string) => new JsonServiceError('StateMachineTypeNotSupported', detail),
  validation: (message: string) => new JsonServiceError('ValidationException', message),
} as const;

/**
 * A failure inside an execution (a task's error, a States.* error): its `name` is the ASL error
 * name Retry and Catch match (`States.Timeout`, `Lambda.ResourceNotFoundException`, a function's
 * errorType) and its `message` the cause, as the interpreter reads them.
 */
export class StatesFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}
