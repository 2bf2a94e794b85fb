/**
 * The service kit: what every local service is built from. See local/README.md for the recipe.
 */
export type { Shape, StringShape, NumberShape, BooleanShape, TimestampShape, BlobShape, ListShape, MapShape, StructureShape, Members, ShapeOf, Validated } from './shapes';
export { validateInput, checkMember } from './validate';
export { validateQueryInput, validateXmlInput } from './string-input';
export { ValidationFailure, SerializationFailure, UnknownOperationFailure, NotImplementedFailure, type Violation } from './failures';
export { defineOperation, type OperationDefinition, type OperationCall, type AnyOperation } from './operation';
export { OperationRegistry, type RegistryOptions, type RegisteredOperation } from './registry';
export { authorizer, principalContext, type AuthorizerOptions } from './authorize';
export { serveJsonService, type JsonServiceOptions, type JsonKitErrors } from './json-service';
