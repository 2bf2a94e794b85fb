/** Step Functions' names and ARNs, as AWS forms and checks them. */
import { LOCAL_ACCOUNT } from '../assembly';
import { StatesErrors } from './errors';

const PREFIX = `arn:aws:states:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:`;

export function stateMachineArn(name: string): string {
  return `${PREFIX}stateMachine:${name}`;
}

/** Standard executions are `execution:<machine>:<name>`; Express ones `express:<machine>:<name>:<id>`. */
export function executionArn(machineArn: string, name: string, type: 'STANDARD' | 'EXPRESS', id: string): string {
  const machine = machineArn.slice(machineArn.lastIndexOf(':') + 1);
  return type === 'STANDARD' ? `${PREFIX}execution:${machine}:${name}` : `${PREFIX}express:${machine}:${name}:${id}`;
}

/**
 * The resource type of a Step Functions ARN, or InvalidArn with AWS's wording: an ARN of
 * another kind than the operation takes is refused the same way.
 */
export function checkArn(arn: string, kind: 'stateMachine' | 'execution'): void {
  if (!arn.startsWith('arn:aws:states:')) throw StatesErrors.invalidArn(`Invalid ARN prefix: ${arn}`);
  const type = arn.split(':')[5];
  const accepted = kind === 'execution' ? ['execution', 'express'] : ['stateMachine'];
  if (!type || !accepted.includes(type)) throw StatesErrors.invalidArn(`Resource type not valid in this context: ${type ?? ''}`);
}

/** Names of 1 to 80 characters, without whitespace, wildcards, brackets, specials or control characters. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\s?*<>{}[\]"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export function checkName(name: string): void {
  if (name.length < 1 || name.length > 80 || FORBIDDEN.test(name)) throw StatesErrors.invalidName(name);
}

/** The name an ARN ends with (`stateMachine:<name>`, `execution:<machine>:<name>`). */
export function nameOf(arn: string): string {
  const parts = arn.split(':');
  return parts[5] === 'express' ? parts[7]! : parts[parts.length - 1]!;
}
