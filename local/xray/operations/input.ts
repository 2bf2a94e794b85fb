import { JsonServiceError } from '../../edge';
import { SerializationFailure, validateInput, ValidationFailure, type StructureShape, type Validated } from '../../kit';

/** A request body checked against its operation's description; X-Ray answers the model's violations as ValidationException. */
export function xrayInput<T>(body: unknown, shape: StructureShape<T>): Validated<T> {
  try {
    return validateInput(body, shape);
  } catch (error) {
    if (error instanceof ValidationFailure) throw new JsonServiceError('ValidationException', error.message);
    if (error instanceof SerializationFailure) throw new JsonServiceError('SerializationException', error.message);
    throw error;
  }
}
