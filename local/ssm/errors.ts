import { JsonServiceError } from '../edge';

/**
 * Errors of the local SSM Parameter Store, in SSM's JSON 1.1 wire form
 * (`{ __type, message }`, status 400).
 */
export const SsmErrors = {
  /** SSM answers a missing parameter with an empty message. */
  parameterNotFound(): JsonServiceError {
    return new JsonServiceError('ParameterNotFound', '');
  },
  versionNotFound(name: string, version: string): JsonServiceError {
    return new JsonServiceError('ParameterVersionNotFound', `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`);
  },
  labelNotFound(name: string, label: string): JsonServiceError {
    return new JsonServiceError('ParameterVersionLabelNotFound', `Systems Manager could not find label ${label} for parameter ${name}. Verify the label and try again.`);
  },
  validation(message: string): JsonServiceError {
    return new JsonServiceError('ValidationException', message);
  },
  /** "1 validation error detected: Value … at '…' failed to satisfy constraint: …" */
  constraint(field: string, value: unknown, constraint: string): JsonServiceError {
    const shown = value === undefined || value === null ? 'null' : `'${Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}'`;
    return new JsonServiceError('ValidationException', `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`);
  },
  invalidNextToken(): JsonServiceError {
    return new JsonServiceError('InvalidNextToken', 'The specified token is not valid.');
  },
  accessDenied(message: string): JsonServiceError {
    return new JsonServiceError('AccessDeniedException', message);
  },
  /** A filter or option the local store does not implement: said plainly. */
  notSupported(what: string): JsonServiceError {
    return new JsonServiceError('ValidationException', `${what} is not supported by the local SSM Parameter Store`);
  },
} as const;
