import { ValidationException } from '../errors';

/**
 * DynamoDB's limit of 32 nesting levels in an attribute value (a scalar inside 31 maps or
 * lists is the deepest it stores), checked on every attribute value a request carries before
 * anything else reads it: items, keys, expression values, legacy conditions. A request tens
 * of thousands of levels deep is refused here in one bounded walk, before a recursive
 * reader could overflow the stack. (AWS refuses over-deep expression values in some regions
 * and evaluates them in others; the local DynamoDB refuses them, as eu-west-2 does.)
 */
export const MAX_NESTING_LEVELS = 32;

const NESTING_MESSAGE = 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit';

/** Members whose value is a map of attribute values. */
const ATTRIBUTE_MAPS: ReadonlySet<string> = new Set(['Item', 'Key', 'ExpressionAttributeValues', 'ExclusiveStartKey']);
/** How deep the request's own structure goes (`TransactItems[0].Put.Item`, `RequestItems.t[0].PutRequest.Item`). */
const MAX_STRUCTURE_DEPTH = 8;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Whether one attribute value nests deeper than the limit (walked without recursion, stopping at the limit). */
function tooDeep(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, level] = stack.pop()!;
    if (!isObject(current)) continue;
    if (level > MAX_NESTING_LEVELS) return true;
    if (isObject(current.M)) for (const inner of Object.values(current.M)) stack.push([inner, level + 1]);
    if (Array.isArray(current.L)) for (const inner of current.L) stack.push([inner, level + 1]);
  }
  return false;
}

function checkMap(map: unknown): void {
  if (isObject(map)) for (const value of Object.values(map)) if (tooDeep(value)) throw new ValidationException(NESTING_MESSAGE);
}

function checkStructure(node: unknown, depth: number): void {
  if (depth > MAX_STRUCTURE_DEPTH) return;
  if (Array.isArray(node)) {
    for (const item of node) checkStructure(item, depth + 1);
    return;
  }
  if (!isObject(node)) return;
  for (const [member, value] of Object.entries(node)) {
    if (ATTRIBUTE_MAPS.has(member)) checkMap(value);
    else if (member === 'Value') checkMap({ value });
    else if (member === 'AttributeValueList' && Array.isArray(value)) checkMap({ ...value });
    else if (member === 'Keys' && Array.isArray(value)) value.forEach(checkMap);
    else checkStructure(value, depth + 1);
  }
}

/**
 * Throws DynamoDB's ValidationException when an attribute value of the request nests deeper
 * than 32 levels.
 * @example
 * checkAttributeNesting({ TableName: 't', Item: { id: { S: '1' } } }); // passes
 */
export function checkAttributeNesting(input: Record<string, unknown>): void {
  checkStructure(input, 0);
}
