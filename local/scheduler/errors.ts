/**
 * A schedule expression the local scheduler cannot accept. AWS rejects the same
 * expressions at deployment ("Parameter ScheduleExpression is not valid"), so this is a
 * "your backend is wrong" error: the message says what is wrong and where.
 */
export class ScheduleExpressionError extends Error {
  constructor(readonly expression: string, reason: string) {
    super(`Schedule expression ${JSON.stringify(expression)} is not valid: ${reason}`);
    this.name = 'ScheduleExpressionError';
  }
}
