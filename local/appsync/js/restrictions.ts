import type { Node } from 'acorn';

/**
 * What the APPSYNC_JS runtime refuses, checked on the code's syntax tree. AppSync
 * validates a function's or resolver's code when it is saved and rejects these
 * (they are the rules of `@aws-appsync/eslint-plugin`'s base set); the local cloud
 * refuses them when it first loads the code. The TypeScript-only rules of the
 * plugin's recommended set (no recursion, no passing functions, …) are not
 * checked: see tests/conformance/appsync-runtimes/SKIPS.md.
 */

export interface Violation {
  rule: string;
  message: string;
  line: number;
  column: number;
}

type AnyNode = Node & Record<string, unknown>;

function check(node: AnyNode): { rule: string; message: string } | undefined {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      if (node.async) return { rule: 'no-async', message: 'Async processes and promises are not supported.' };
      if (node.generator) return { rule: 'no-generators', message: 'Generators are not supported.' };
      return undefined;
    case 'AwaitExpression':
      return { rule: 'no-await', message: 'Async processes and promises are not supported.' };
    case 'YieldExpression':
      return { rule: 'no-yield', message: 'yield is not supported.' };
    case 'ClassDeclaration':
    case 'ClassExpression':
      return { rule: 'no-classes', message: 'Classes are not supported.' };
    case 'ForStatement':
      return { rule: 'no-for', message: 'for is not supported (except for for-in and for-of, which are supported).' };
    case 'WhileStatement':
    case 'DoWhileStatement':
      return { rule: 'no-while', message: 'while loops are not supported.' };
    case 'ContinueStatement':
      return { rule: 'no-continue', message: 'continue is not supported.' };
    case 'LabeledStatement':
      return { rule: 'no-labels', message: 'Labels are not supported.' };
    case 'ThisExpression':
      return { rule: 'no-this', message: 'this keyword is not supported.' };
    case 'TryStatement':
      return { rule: 'no-try', message: 'try/catch structure is not supported.' };
    case 'ThrowStatement':
      return { rule: 'no-throw', message: 'throw is not supported: use util.error().' };
    case 'UpdateExpression':
      return { rule: 'no-disallowed-unary-operators', message: `${String(node.operator)} unary operator is not allowed.` };
    case 'UnaryExpression':
      return node.operator === '~' ? { rule: 'no-disallowed-unary-operators', message: '~ unary operator is not allowed.' } : undefined;
    case 'BinaryExpression':
      if (node.operator === 'instanceof') return { rule: 'no-disallowed-binary-operators', message: 'instanceof operator is not allowed.' };
      if (node.operator === 'in') return { rule: 'no-in', message: 'The in operator is not supported: use Object.hasOwn.' };
      return undefined;
    case 'Literal':
      return node.regex ? { rule: 'no-regex', message: 'Regex literals are not supported.' } : undefined;
    case 'NewExpression':
    case 'CallExpression':
    case 'MemberExpression':
      return undefined;
    case 'Identifier':
      return node.name === 'Promise' ? { rule: 'no-promise', message: 'Async processes and promises are not supported.' } : undefined;
    default:
      return undefined;
  }
}

/** Every violation in a parsed program, in source order. */
export function findViolations(program: Node): Violation[] {
  const out: Violation[] = [];
  const visit = (node: AnyNode) => {
    const found = check(node);
    if (found) out.push({ ...found, line: node.loc?.start.line ?? 0, column: (node.loc?.start.column ?? 0) + 1 });
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'start' || key === 'end' || key === 'type') continue;
      const child = node[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof item === 'object' && typeof (item as AnyNode).type === 'string') visit(item as AnyNode);
      } else if (child && typeof child === 'object' && typeof (child as AnyNode).type === 'string') visit(child as AnyNode);
    }
  };
  visit(program as AnyNode);
  return out;
}
