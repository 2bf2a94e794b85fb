import { TemplateError, type AppSyncResolverError, type ResolverContext } from '../runtime/types';
import { toPlain } from './values';

/**
 * The error utilities: `error` ends the field, `appendError` records an error and
 * lets evaluation go on, `unauthorized` is AppSync's own denial.
 */

function errorOf(message: unknown, errorType?: unknown, data?: unknown, errorInfo?: unknown): AppSyncResolverError {
  const error: AppSyncResolverError = { message: message === null || message === undefined ? 'null' : String(message) };
  if (errorType !== undefined && errorType !== null) error.errorType = String(errorType);
  if (data !== undefined && data !== null) error.data = toPlain(data);
  if (errorInfo !== undefined && errorInfo !== null) error.errorInfo = toPlain(errorInfo);
  return error;
}

/**
 * `$util.error(message, errorType?, data?, errorInfo?)`: throws, ending the field.
 * @example
 * error('A note cannot be empty', 'ValidationError') // throws TemplateError
 */
export function error(message: unknown, errorType?: unknown, data?: unknown, errorInfo?: unknown): never {
  throw new TemplateError(errorOf(message, errorType, data, errorInfo));
}

/**
 * `$util.appendError(message, errorType?, data?, errorInfo?)`: records the error in
 * `outErrors` (reported beside the field's value) and returns.
 */
export function appendError(context: ResolverContext, message: unknown, errorType?: unknown, data?: unknown, errorInfo?: unknown): void {
  context.outErrors.push(errorOf(message, errorType, data, errorInfo));
}

/** `$util.unauthorized()`: AppSync's denial of the field being resolved. */
export function unauthorized(context: ResolverContext): never {
  throw new TemplateError({
    message: `Not Authorized to access ${context.info.fieldName} on type ${context.info.parentTypeName}`,
    errorType: 'Unauthorized',
  });
}

/**
 * `$util.validate(condition, message, errorType?, data?)`: throws like `error`
 * when the condition is false.
 */
export function validate(condition: unknown, message: unknown, errorType?: unknown, data?: unknown): void {
  if (condition !== true) error(message, errorType ?? 'CustomTemplateException', data);
}
