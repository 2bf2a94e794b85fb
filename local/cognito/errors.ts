import { JsonServiceError } from '../edge/json-protocol';
import { ValidationFailure } from '../kit';

/**
 * Errors of the Cognito user pools API (`AWSCognitoIdentityProviderService`). Each owns its
 * JSON wire form (`{ __type, message }`, status, `x-amzn-ErrorType`) through JsonServiceError;
 * messages are Cognito's own wording where Cognito has one.
 */
export class CognitoError extends JsonServiceError {}

export class InvalidParameterException extends CognitoError {
  constructor(message: string) {
    super('InvalidParameterException', message);
  }

  /** The kit's refusal in Cognito's type. */
  static from(failure: ValidationFailure): InvalidParameterException {
    return new InvalidParameterException(failure.message);
  }
}

export class NotAuthorizedException extends CognitoError {
  constructor(message: string) {
    super('NotAuthorizedException', message);
  }
}

export class UserNotFoundException extends CognitoError {
  constructor(message = 'User does not exist.') {
    super('UserNotFoundException', message);
  }
}

export class UserNotConfirmedException extends CognitoError {
  constructor(message = 'User is not confirmed.') {
    super('UserNotConfirmedException', message);
  }
}

export class UsernameExistsException extends CognitoError {
  constructor(message: string) {
    super('UsernameExistsException', message);
  }
}

export class AliasExistsException extends CognitoError {
  constructor(message: string) {
    super('AliasExistsException', message);
  }
}

export class InvalidPasswordException extends CognitoError {
  constructor(message: string) {
    super('InvalidPasswordException', message);
  }
}

export class CodeMismatchException extends CognitoError {
  constructor(message = 'Invalid verification code provided, please try again.') {
    super('CodeMismatchException', message);
  }
}

export class ExpiredCodeException extends CognitoError {
  constructor(message = 'Invalid code provided, please request a code again.') {
    super('ExpiredCodeException', message);
  }
}

export class GroupExistsException extends CognitoError {
  constructor(message: string) {
    super('GroupExistsException', message);
  }
}

export class LimitExceededException extends CognitoError {
  constructor(message = 'Attempt limit exceeded, please try after some time.') {
    super('LimitExceededException', message);
  }
}

export class ResourceNotFoundException extends CognitoError {
  constructor(message: string) {
    super('ResourceNotFoundException', message);
  }
}

export class UnsupportedTokenTypeException extends CognitoError {
  constructor(message = 'Unsupported token type') {
    super('UnsupportedTokenTypeException', message);
  }
}

export class UnsupportedOperationException extends CognitoError {
  constructor(message: string) {
    super('UnsupportedOperationException', message);
  }
}

export class UnsupportedUserStateException extends CognitoError {
  constructor(message: string) {
    super('UnsupportedUserStateException', message);
  }
}

export class AccessDeniedException extends CognitoError {
  constructor(message: string) {
    super('AccessDeniedException', message);
  }
}

/** A Lambda trigger threw or returned an error (`<Trigger> failed with error <message>.`). */
export class UserLambdaValidationException extends CognitoError {
  constructor(message: string) {
    super('UserLambdaValidationException', message);
  }
}

/** A Lambda trigger answered with something Cognito cannot use. */
export class InvalidLambdaResponseException extends CognitoError {
  constructor(message: string) {
    super('InvalidLambdaResponseException', message);
  }
}

/**
 * A trigger could not be invoked at all. Locally that includes "the local Lambda service is
 * not running": a declared trigger is never skipped silently.
 */
export class UnexpectedLambdaException extends CognitoError {
  constructor(message: string) {
    super('UnexpectedLambdaException', message);
  }
}

/** Something the local user pools do not implement; says what, never pretends. */
export class NotImplementedLocallyException extends CognitoError {
  constructor(what: string) {
    super('UnsupportedOperationException', `${what} is not supported by the local Cognito user pools`);
  }
}
