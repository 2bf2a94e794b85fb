import { ValidationException } from '../errors';

/**
 * DynamoDB's limit on expression strings: 4 KB each (4,096 bytes of the string as sent,
 * before names and values are substituted), wherever a request carries one (at its top,
 * in `TransactItems`, in `RequestItems`). Beyond protocol fidelity it bounds the parser's
 * work and memory per expression.
 */
export const MAX_EXPRESSION_BYTES = 4096;

const EXPRESSIONS: ReadonlySet<string> = new Set(['ConditionExpression', 'FilterExpression', 'KeyConditionExpression', 'UpdateExpression', 'ProjectionExpression']);
/** How deep the request's own structure goes (`TransactItems[0].Update.UpdateExpression`). */
const MAX_STRUCTURE_DEPTH = 6;

function check(node: unknown, depth: number): void {
  if (depth > MAX_STRUCTURE_DEPTH || node === null || typeof node !== 'object') return;
  for (const [member, value] of Object.entries(node)) {
    if (EXPRESSIONS.has(member) && typeof value === 'string') {
      const bytes = Buffer.byteLength(value, 'utf8');
      if (bytes > MAX_EXPRESSION_BYTES) throw new ValidationException(`Invalid ${member}: Expression size has exceeded the maximum allowed size; expression size: ${bytes}`);
    } else if (!member.startsWith('ExpressionAttribute')) check(value, depth + 1);
  }
}

/**
 * Throws DynamoDB's ValidationException when an expression of the request is over 4 KB.
 * @example
 * checkExpressionSizes({ TableName: 't', FilterExpression: 'a = :v' }); // passes
 */
export function checkExpressionSizes(input: Record<string, unknown>): void {
  check(input, 0);
}
