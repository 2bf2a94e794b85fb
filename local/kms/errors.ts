import { JsonServiceError } from '../edge/json-protocol';

/**
 * Errors of the local KMS in its JSON 1.1 wire form (`{ __type, message }`), worded as KMS
 * words them. No message carries key material or plaintext.
 */
export const KmsErrors = {
  keyNotFound(arn: string): JsonServiceError {
    return new JsonServiceError('NotFoundException', `Key '${arn}' does not exist`);
  },
  aliasNotFound(aliasArn: string): JsonServiceError {
    return new JsonServiceError('NotFoundException', `Alias ${aliasArn} is not found.`);
  },
  disabled(arn: string): JsonServiceError {
    return new JsonServiceError('DisabledException', `${arn} is disabled.`);
  },
  pendingDeletion(arn: string): JsonServiceError {
    return new JsonServiceError('KMSInvalidStateException', `${arn} is pending deletion.`);
  },
  notPendingDeletion(arn: string): JsonServiceError {
    return new JsonServiceError('KMSInvalidStateException', `${arn} is not pending deletion.`);
  },
  /** KMS answers this without saying why (a wrong key, a changed encryption context, a damaged blob). */
  invalidCiphertext(): JsonServiceError {
    return new JsonServiceError('InvalidCiphertextException', '');
  },
  incorrectKey(): JsonServiceError {
    return new JsonServiceError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
  },
  alreadyExists(aliasArn: string): JsonServiceError {
    return new JsonServiceError('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`);
  },
  notAuthorizedAlias(): JsonServiceError {
    return new JsonServiceError('NotAuthorizedException', 'Alias names that begin with alias/aws/ are reserved for AWS managed keys.');
  },
  malformedPolicy(message: string): JsonServiceError {
    return new JsonServiceError('MalformedPolicyDocumentException', message);
  },
  validation(message: string): JsonServiceError {
    return new JsonServiceError('ValidationException', message);
  },
  invalidMarker(): JsonServiceError {
    return new JsonServiceError('InvalidMarkerException', 'Invalid marker');
  },
  /** What the local KMS does not run: asymmetric and HMAC keys, imported and external key material. */
  unsupported(what: string): JsonServiceError {
    return new JsonServiceError('UnsupportedOperationException', `${what} is not supported by the local KMS (flare-local runs symmetric encryption keys, SYMMETRIC_DEFAULT, only)`);
  },
  accessDenied(message: string): JsonServiceError {
    return new JsonServiceError('AccessDeniedException', message);
  },
} as const;

/** DryRun: the call was authorized and would have succeeded. */
export function dryRunSucceeded(): JsonServiceError {
  return new JsonServiceError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
}
