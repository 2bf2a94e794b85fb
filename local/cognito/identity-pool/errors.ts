import { JsonServiceError } from '../../edge/json-protocol';

/** Errors of the Cognito identity pools API (`AWSCognitoIdentityService`), in its JSON wire form. */
export class NotAuthorizedException extends JsonServiceError {
  constructor(message: string) {
    super('NotAuthorizedException', message, 400);
  }
}

export class ResourceNotFoundException extends JsonServiceError {
  constructor(message: string) {
    super('ResourceNotFoundException', message, 400);
  }
}

export class InvalidParameterException extends JsonServiceError {
  constructor(message: string) {
    super('InvalidParameterException', message, 400);
  }
}

export class InvalidIdentityPoolConfigurationException extends JsonServiceError {
  constructor(message = 'Invalid identity pool configuration. Check assigned IAM roles for this pool.') {
    super('InvalidIdentityPoolConfigurationException', message, 400);
  }
}

/** The local cloud cannot answer (a service it needs is not running): Cognito's 500. */
export class InternalErrorException extends JsonServiceError {
  constructor(message: string) {
    super('InternalErrorException', message, 500);
  }
}
