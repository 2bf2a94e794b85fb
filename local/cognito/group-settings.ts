import { InvalidParameterException } from './errors';
import { optionalInteger, optionalString, requireString, type Input } from './input';

/**
 * The members of CreateGroup and UpdateGroup, validated as the API's model constrains them
 * (GroupName 1–128 printable characters, Description ≤ 2048, RoleArn an ARN of 20–2048,
 * Precedence 0–2^31-1), with AWS's validation wording.
 */

const NAME_PATTERN = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
const ARN_PATTERN = /^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$/;

export function groupName(input: Input): string {
  const name = requireString(input, 'GroupName');
  if (name.length > 128) throw InvalidParameterException.validation('groupName', name, 'Member must have length less than or equal to 128');
  if (!NAME_PATTERN.test(name)) throw InvalidParameterException.validation('groupName', name, 'Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+');
  return name;
}

export interface GroupSettings {
  description?: string;
  roleArn?: string;
  precedence?: number;
}

/** The settings a request gives (members it leaves out are absent). */
export function groupSettings(input: Input): GroupSettings {
  const description = optionalString(input, 'Description');
  if (description !== undefined && description.length > 2048) throw InvalidParameterException.validation('description', description, 'Member must have length less than or equal to 2048');
  const roleArn = optionalString(input, 'RoleArn');
  if (roleArn !== undefined) {
    if (roleArn.length < 20) throw InvalidParameterException.validation('roleArn', roleArn, 'Member must have length greater than or equal to 20');
    if (roleArn.length > 2048) throw InvalidParameterException.validation('roleArn', roleArn, 'Member must have length less than or equal to 2048');
    if (!ARN_PATTERN.test(roleArn)) throw InvalidParameterException.validation('roleArn', roleArn, `Member must satisfy regular expression pattern: ${ARN_PATTERN.source.slice(1, -1)}`);
  }
  const precedence = optionalInteger(input, 'Precedence', 0, 2 ** 31 - 1);
  return {
    ...(description !== undefined && { description }),
    ...(roleArn !== undefined && { roleArn }),
    ...(precedence !== undefined && { precedence }),
  };
}
