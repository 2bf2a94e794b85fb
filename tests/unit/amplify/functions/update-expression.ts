/**
 * Reads what a DynamoDB `SET a = :a, #b = :b` update expression assigns, through its
 * attribute names and values — so tests assert on the effect, not on the string's layout.
 * Anything beyond plain SET assignments is refused rather than guessed.
 */
export interface UpdateLike {
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export function setAssignments(update: UpdateLike): Record<string, unknown> {
  const match = /^\s*SET\s+(.+)$/s.exec(update.UpdateExpression ?? '');
  if (!match) throw new Error(`Not a plain SET expression: ${update.UpdateExpression}`);
  const assigned: Record<string, unknown> = {};
  for (const clause of match[1].split(',')) {
    const parts = /^\s*(#?[A-Za-z0-9_]+)\s*=\s*(:[A-Za-z0-9_]+)\s*$/.exec(clause);
    if (!parts) throw new Error(`Not a plain assignment: ${clause.trim()}`);
    const [, target, placeholder] = parts;
    const attribute = target.startsWith('#') ? update.ExpressionAttributeNames?.[target] : target;
    if (attribute === undefined) throw new Error(`${target} has no entry in ExpressionAttributeNames`);
    if (!update.ExpressionAttributeValues || !(placeholder in update.ExpressionAttributeValues)) {
      throw new Error(`${placeholder} has no entry in ExpressionAttributeValues`);
    }
    assigned[attribute] = update.ExpressionAttributeValues[placeholder];
  }
  return assigned;
}
