import { JsonServiceError } from '../edge/json-protocol';

/**
 * Errors of the local SSM Parameter Store, in SSM's JSON 1.1 wire form
 * (`{ __type, message }`, status 400), worded as SSM words them.
 */
export const SsmErrors = {
  /** GetParameter answers a missing parameter with an empty message; DeleteParameter and GetParameterHistory name it. */
  parameterNotFound(name?: string): JsonServiceError {
    return new JsonServiceError('ParameterNotFound', name === undefined ? '' : `Parameter ${name} not found.`);
  },
  versionNotFound(name: string, version: string): JsonServiceError {
    return new JsonServiceError('ParameterVersionNotFound', `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`);
  },
  labelNotFound(name: string, label: string): JsonServiceError {
    return new JsonServiceError('ParameterVersionLabelNotFound', `Systems Manager could not find label ${label} for parameter ${name}. Verify the label and try again.`);
  },
  invalidFilterKey(message: string): JsonServiceError {
    return new JsonServiceError('InvalidFilterKey', message);
  },
  invalidFilterOption(message: string): JsonServiceError {
    return new JsonServiceError('InvalidFilterOption', message);
  },
  invalidFilterValue(message: string): JsonServiceError {
    return new JsonServiceError('InvalidFilterValue', message);
  },
  /** A check of SSM's own beyond the model's constraints (those come from the kit's validator). */
  validation(message: string): JsonServiceError {
    return new JsonServiceError('ValidationException', message);
  },
  alreadyExists(): JsonServiceError {
    return new JsonServiceError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
  },
  patternMismatch(pattern: string): JsonServiceError {
    return new JsonServiceError('ParameterPatternMismatchException', `Parameter value, cannot be validated against allowedPattern: ${pattern}`);
  },
  invalidAllowedPattern(pattern: string): JsonServiceError {
    return new JsonServiceError('InvalidAllowedPatternException', `The allowed pattern ${pattern} is not a valid regular expression.`);
  },
  hierarchyTooDeep(): JsonServiceError {
    return new JsonServiceError('HierarchyLevelLimitExceededException', 'A hierarchy can have a maximum of 15 levels.');
  },
  maxVersions(name: string, oldest: number): JsonServiceError {
    return new JsonServiceError(
      'ParameterMaxVersionLimitExceeded',
      `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${oldest}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
    );
  },
  /** Names under `/aws/` belong to AWS's public parameters. */
  reservedName(name: string): JsonServiceError {
    return new JsonServiceError('AccessDeniedException', `No access to reserved parameter name: ${name}.`);
  },
  invalidNextToken(): JsonServiceError {
    return new JsonServiceError('InvalidNextToken', 'The specified token is not valid.');
  },
  /** A filter or option the local store does not implement: said plainly. */
  notSupported(what: string): JsonServiceError {
    return new JsonServiceError('ValidationException', `${what} is not supported by the local SSM Parameter Store`);
  },
} as const;
