import type { StatesCall } from '../context';

/**
 * SendTask* are authorized on the state machine whose execution holds the token (what CDK's
 * `grantTaskResponse` grants); a token that is not one, or is gone, is refused first by
 * TaskTokens with InvalidToken / TaskDoesNotExist.
 */
export function authorizeTaskResponse(token: string, call: StatesCall): void {
  const owner = call.tokens.owner(token);
  call.authorize(call.execution(owner).stateMachineArn);
}
