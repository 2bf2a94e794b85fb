import { JsonServiceError } from '../edge/json-protocol';

/**
 * Errors of the local Secrets Manager, in its JSON 1.1 wire form (`{ __type, message }`),
 * worded as Secrets Manager words them. No message ever carries a secret value.
 */
export const SecretsErrors = {
  notFound(): JsonServiceError {
    return new JsonServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  },
  versionNotFound(by: 'VersionId' | 'staging label', value: string): JsonServiceError {
    return new JsonServiceError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for ${by}: ${value}`);
  },
  markedForDeletion(): JsonServiceError {
    return new JsonServiceError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion.");
  },
  alreadyMarkedDeleted(): JsonServiceError {
    return new JsonServiceError('InvalidRequestException', "You tried to perform the operation on a secret that's currently marked deleted.");
  },
  nameScheduledForDeletion(): JsonServiceError {
    return new JsonServiceError('InvalidRequestException', "You can't create this secret because a secret with this name is already scheduled for deletion.");
  },
  exists(name: string): JsonServiceError {
    return new JsonServiceError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
  },
  versionExists(): JsonServiceError {
    return new JsonServiceError('ResourceExistsException', "You can't modify an existing version, you can only create a new version.");
  },
  invalidParameter(message: string): JsonServiceError {
    return new JsonServiceError('InvalidParameterException', message);
  },
  invalidRequest(message: string): JsonServiceError {
    return new JsonServiceError('InvalidRequestException', message);
  },
  malformedPolicy(message = 'This resource policy contains a syntax error.'): JsonServiceError {
    return new JsonServiceError('MalformedPolicyDocumentException', message);
  },
  publicPolicy(): JsonServiceError {
    return new JsonServiceError('PublicPolicyException', 'This resource policy contains a policy that would grant public access.');
  },
  invalidNextToken(): JsonServiceError {
    return new JsonServiceError('InvalidNextTokenException', 'The NextToken value is invalid.');
  },
  limitExceeded(message: string): JsonServiceError {
    return new JsonServiceError('LimitExceededException', message);
  },
} as const;
