import { createRequire } from 'node:module';

/**
 * The parser of `amplify-velocity-template` (Velocity's grammar as AppSync's
 * templates use it) and the shapes of the AST it produces. Only the parser is
 * used: evaluation is ours (local/appsync/vtl/evaluator.ts), with Java semantics.
 */

export interface Position {
  first_line: number;
  first_column: number;
  last_line?: number;
  last_column?: number;
}

export interface ReferenceNode {
  type: 'references';
  id: string;
  leader: '$' | '$!';
  path?: PathSegment[];
  isWraped?: boolean;
  prue?: boolean;
  pos?: Position;
}

export type PathSegment =
  | { type: 'property'; id: string }
  | { type: 'index'; id: ExpressionNode }
  | { type: 'method'; id: string; args: ExpressionNode[] | false }
  | { type: 'content'; value: string };

export type ExpressionNode =
  | ReferenceNode
  | { type: 'string'; value: string; isEval?: boolean }
  | { type: 'integer'; value: string | number }
  | { type: 'decimal'; value: string | number }
  | { type: 'bool'; value: 'true' | 'false' | 'null' }
  | { type: 'array'; value: (ExpressionNode | string)[]; isRange?: boolean }
  | { type: 'map'; value?: Record<string, ExpressionNode> }
  | { type: 'math'; operator: string; expression: ExpressionNode[] }
  | { type: 'runt'; value: string };

export type DirectiveNode =
  | { type: 'set'; equal: [ReferenceNode, ExpressionNode]; pos?: Position }
  | { type: 'if' | 'elseif'; condition: ExpressionNode; pos?: Position }
  | { type: 'else'; pos?: Position }
  | { type: 'foreach'; to: string; from: ExpressionNode; pos?: Position }
  | { type: 'break'; pos?: Position }
  | { type: 'return'; value: ExpressionNode | null; pos?: Position }
  | { type: 'comment'; value: string }
  | { type: 'raw'; value: string }
  | { type: 'macro_call'; id: string; args?: ExpressionNode[]; pos?: Position }
  | { type: 'macro' | 'define' | 'noescape' | 'macro_body'; id?: string; pos?: Position };

/** A text run, a reference, a directive, or a block (`[header, ...body]`). */
export type TemplateNode = string | ReferenceNode | DirectiveNode | TemplateNode[];

interface VelocityModule {
  parse(template: string, blocks?: Record<string, boolean>, ignoreSpace?: boolean): TemplateNode[];
  Helper: { getRefText(node: unknown): string };
}

const velocity = createRequire(import.meta.url)('amplify-velocity-template') as VelocityModule;

/** Parses VTL; throws the parser's error (with its line) on bad syntax. */
export function parseVelocity(template: string): TemplateNode[] {
  return velocity.parse(template);
}

/** The source text of a reference or macro call (what Velocity prints for an unresolved reference). */
export function referenceText(node: ReferenceNode | DirectiveNode): string {
  return velocity.Helper.getRefText(node);
}
