import { JsonServiceError } from '../edge/json-protocol';

/**
 * EventBridge's errors (AWS JSON 1.1: `{ "__type": "ResourceNotFoundException", "message" }`),
 * worded as EventBridge words them.
 */
export const EventsErrors = {
  busNotFound: (name: string) => new JsonServiceError('ResourceNotFoundException', `Event bus ${name} does not exist.`),
  ruleNotFound: (rule: string, bus: string) => new JsonServiceError('ResourceNotFoundException', `Rule ${rule} does not exist on EventBus ${bus}.`),
  archiveNotFound: (name: string) => new JsonServiceError('ResourceNotFoundException', `Archive ${name} does not exist.`),
  replayNotFound: (name: string) => new JsonServiceError('ResourceNotFoundException', `Replay ${name} does not exist.`),
  busExists: (arn: string) => new JsonServiceError('ResourceAlreadyExistsException', `Event bus ${arn} already exists.`),
  archiveExists: (name: string) => new JsonServiceError('ResourceAlreadyExistsException', `Archive ${name} already exists.`),
  replayExists: (name: string) => new JsonServiceError('ResourceAlreadyExistsException', `Replay ${name} already exists.`),
  invalidPattern: (reason: string) => new JsonServiceError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`),
  validation: (message: string) => new JsonServiceError('ValidationException', message),
  limitExceeded: (message: string) => new JsonServiceError('LimitExceededException', message),
  illegalStatus: (message: string) => new JsonServiceError('IllegalStatusException', message),
  managedRule: (message: string) => new JsonServiceError('ManagedRuleException', message),
} as const;
