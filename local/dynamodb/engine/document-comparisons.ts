import type { AttributeValue } from '../types';

/**
 * Equality of List and Map values in condition and filter expressions, on top of dynalite.
 *
 * DynamoDB compares documents by value: `appearsIn = :list` holds when the attribute is a
 * List with the same elements in the same order, `info = :map` when it is a Map with the
 * same keys and values, `<>` is the negation, and `IN` holds when any operand is equal.
 * Dynalite 4 compares List elements and Map values by object identity, so a List or Map
 * operand never equals anything. Dynalite's evaluator is not ours to change (it is pinned,
 * not forked), but its expression trees are: after validation, each comparison of a
 * document path with a literal List or Map is rewritten into the comparisons that mean
 * the same and that dynalite evaluates correctly:
 *
 *   path = [a, b]    →  attribute_type(path, L) AND size(path) = 2 AND path[0] = a AND path[1] = b
 *   path = {k: v}    →  attribute_type(path, M) AND size(path) = 1 AND path.k = v
 *   path <> v        →  NOT (path = v)
 *   path IN (v1, v2) →  path = v1 OR path = v2        (when some vi is a List or Map)
 *
 * recursively for nested documents. Left as dynalite has them (and documented in the
 * README): two paths compared with each other, `contains` with a List or Map operand, and
 * the legacy `Expected` / `QueryFilter` / `ScanFilter` parameters.
 */

type Path = (string | number)[];
type Node = { type: string; args: Operand[]; name?: string; attrType?: string };
type Operand = Path | AttributeValue | Node;

/** What dynalite's parser leaves on a validated request for each expression. */
interface ParsedExpression {
  expression: Node;
}

const isPath = (operand: Operand): operand is Path => Array.isArray(operand);
const isDocument = (operand: Operand): operand is AttributeValue =>
  !isPath(operand) && !('type' in operand && typeof (operand as Node).type === 'string') && ('L' in operand || 'M' in operand);

function and(nodes: Node[]): Node {
  return nodes.reduce((left, right) => ({ type: 'and', args: [left, right] }));
}

function or(nodes: Node[]): Node {
  return nodes.reduce((left, right) => ({ type: 'or', args: [left, right] }));
}

/** `path = value`, spelled out element by element when the value is a List or Map. */
function equals(path: Path, value: AttributeValue): Node {
  if (value.L !== undefined) {
    const elements = value.L as AttributeValue[];
    return and([
      { type: 'function', name: 'attribute_type', args: [path, { S: 'L' }], attrType: 'BOOL' },
      { type: '=', args: [{ type: 'function', name: 'size', args: [path], attrType: 'N' }, { N: String(elements.length) }] },
      ...elements.map((element, index) => equals([...path, index], element)),
    ]);
  }
  if (value.M !== undefined) {
    const entries = Object.entries(value.M as Record<string, AttributeValue>);
    return and([
      { type: 'function', name: 'attribute_type', args: [path, { S: 'M' }], attrType: 'BOOL' },
      { type: '=', args: [{ type: 'function', name: 'size', args: [path], attrType: 'N' }, { N: String(entries.length) }] },
      ...entries.map(([key, element]) => equals([...path, key], element)),
    ]);
  }
  return { type: '=', args: [path, value] };
}

/** The comparison with its path first, when it compares one path with one literal document. */
function pathAndDocument(node: Node): [Path, AttributeValue] | undefined {
  const [left, right] = node.args;
  if (isPath(left) && isDocument(right)) return [left, right];
  if (isPath(right) && isDocument(left)) return [right, left];
  return undefined;
}

function rewrite(node: Node): Node {
  switch (node.type) {
    case 'and':
    case 'or':
    case 'not':
      return { ...node, args: node.args.map((arg) => rewrite(arg as Node)) };
    case '=':
    case '<>': {
      const operands = pathAndDocument(node);
      if (!operands) return node;
      const equal = equals(...operands);
      return node.type === '=' ? equal : { type: 'not', args: [equal] };
    }
    case 'in': {
      const [subject, ...candidates] = node.args;
      if (!isPath(subject) || !candidates.some(isDocument)) return node;
      return or(candidates.map((candidate) => (isDocument(candidate) ? equals(subject, candidate) : { type: '=', args: [subject, candidate] })));
    }
    default:
      return node;
  }
}

/**
 * Rewrites, in place, the condition and filter expressions of a request dynalite has
 * validated, so that List and Map operands compare by value.
 * @example
 * const data = validations.checkTypes(input, rules.types); // … then:
 * compareDocumentsByValue(data); // data._filter.expression now spells lists out
 */
export function compareDocumentsByValue(data: Record<string, unknown>): void {
  for (const key of ['_condition', '_filter'] as const) {
    const parsed = data[key] as ParsedExpression | undefined;
    if (parsed?.expression) parsed.expression = rewrite(parsed.expression);
  }
}
