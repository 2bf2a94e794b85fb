import { SerializationException } from '../errors';
import { constraintError } from './context';

/**
 * Member checks for the DynamoDB Streams operations (dynalite has none): a wrong JSON type
 * is a SerializationException, a missing or out-of-range member a ValidationException.
 */
export function stringMember(input: Record<string, unknown>, name: string, options: { required?: boolean; min?: number; max?: number } = {}): string | undefined {
  const value = input[name];
  const member = name[0].toLowerCase() + name.slice(1);
  if (value === undefined || value === null) {
    if (options.required) throw constraintError(member, null, 'Member must not be null');
    return undefined;
  }
  if (typeof value !== 'string') throw new SerializationException(typeof value === 'object' ? 'Start of structure or map found where not expected' : `${typeof value === 'number' ? 'NUMBER_VALUE' : 'TRUE_VALUE'} cannot be converted to String`);
  if (options.min !== undefined && value.length < options.min) throw constraintError(member, value, `Member must have length greater than or equal to ${options.min}`);
  if (options.max !== undefined && value.length > options.max) throw constraintError(member, value, `Member must have length less than or equal to ${options.max}`);
  return value;
}

export function limitMember(input: Record<string, unknown>, max: number): number | undefined {
  const value = input.Limit;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw new SerializationException('STRING_VALUE cannot be converted to Integer');
  if (!Number.isInteger(value) || value < 1) throw constraintError('limit', value, 'Member must have value greater than or equal to 1');
  if (value > max) throw constraintError('limit', value, `Member must have value less than or equal to ${max}`);
  return value;
}
