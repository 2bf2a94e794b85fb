import type { CreateGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Members } from '../kit';
import { checkInput, NAME_PATTERN, type Input } from './input';

/**
 * The members of CreateGroup and UpdateGroup as Cognito's API model constrains them (GroupName
 * 1–128 printable characters, Description ≤ 2048, RoleArn an ARN of 20–2048, Precedence ≥ 0);
 * the kit's validator words the refusals.
 */
const GROUP: Omit<Members<CreateGroupRequest>, 'UserPoolId'> = {
  GroupName: { type: 'string', required: true, min: 1, max: 128, pattern: NAME_PATTERN },
  Description: { type: 'string', max: 2048 },
  RoleArn: {
    type: 'string',
    min: 20,
    max: 2048,
    pattern: 'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?',
  },
  Precedence: { type: 'integer', min: 0 },
};

export function groupName(input: Input): string {
  checkInput(input.GroupName, GROUP.GroupName, 'GroupName');
  return input.GroupName as string;
}

export interface GroupSettings {
  description?: string;
  roleArn?: string;
  precedence?: number;
}

/** The settings a request gives (members it leaves out are absent). */
export function groupSettings(input: Input): GroupSettings {
  for (const name of ['Description', 'RoleArn', 'Precedence'] as const) checkInput(input[name], GROUP[name], name);
  const { Description: description, RoleArn: roleArn, Precedence: precedence } = input as Partial<CreateGroupRequest>;
  return {
    ...(description != null && { description }),
    ...(roleArn != null && { roleArn }),
    ...(precedence != null && { precedence }),
  };
}
