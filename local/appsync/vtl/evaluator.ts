import { TemplateError, TemplateRuntimeError } from '../runtime/types';
import { JavaDouble, isDouble, isList, isMap, isNumber, javaEquals, numberValue } from '../util';
import { ForeachInfo, VOID, getJavaProperty, invokeJavaMethod, javaString, type CallSite } from './java-types';
import { parseVelocity, referenceText, type DirectiveNode, type ExpressionNode, type PathSegment, type Position, type ReferenceNode, type TemplateNode } from './velocity-parser';

/**
 * Renders parsed VTL with the semantics of AppSync's Velocity (1.7): references
 * left unrendered when null (unless `$!`), `#set` to null keeps the old value,
 * `#if` true for anything but null and false, integer arithmetic between
 * integers, `#foreach` with `$foreach`/`$velocityCount` and AppSync's 1000
 * iteration cap, `#break`, `#stop`-less `#return(value)`.
 */

/**
 * A `$util`-like object: members are functions, nested namespaces, or plain values (API
 * Gateway's `$input.body`). `owner` names the service whose utility a template asked for, in
 * the error for one that does not exist.
 */
export class Namespace {
  constructor(
    readonly path: string,
    readonly members: Readonly<Record<string, unknown>>,
    readonly owner = 'AppSync',
  ) {}

  /** Wraps a plain object of functions (and nested objects of functions) as namespaces. */
  static of(path: string, object: Record<string, unknown>, owner = 'AppSync'): Namespace {
    const members: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(object)) {
      members[name] = typeof member === 'function' ? member : Namespace.of(`${path}.${name}`, member as Record<string, unknown>, owner);
    }
    return new Namespace(path, members, owner);
  }
}

/** Template text with its line starts, to quote a reference exactly as written. */
export class SourceText {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** The text a node spans, or undefined when its position is unknown. */
  slice(position: (Position & { last_line?: number; last_column?: number }) | undefined): string | undefined {
    if (!position || position.last_line === undefined || position.last_column === undefined) return undefined;
    const start = this.lineStarts[position.first_line - 1];
    const end = this.lineStarts[position.last_line - 1];
    if (start === undefined || end === undefined) return undefined;
    return this.text.slice(start + position.first_column, end + position.last_column);
  }
}

/** `#return(value)`. */
class ReturnSignal {
  constructor(readonly value: unknown) {}
}

/** `#break`. */
const BREAK = Symbol('break');

/** AppSync stops a `#foreach` after this many iterations. */
export const MAX_FOREACH_ITERATIONS = 1000;

export interface RenderResult {
  text: string;
  returned: boolean;
  /** The `#return` value (not rendered text). */
  value?: unknown;
}

export interface RenderOptions {
  /** Where the template comes from: `Mutation.createIncident (request)`. */
  location: string;
  /** Top-level variables: `ctx`, `context`, `util`, `utils`, `extensions`. */
  globals: Record<string, unknown>;
  /** Reports things AppSync would log (a truncated `#foreach`). */
  warn?: (message: string) => void;
}

/** A parsed template, reused for every render. */
export class CompiledTemplate {
  /** Parsed interpolated strings ("...$x..."), by their literal text. */
  private readonly strings = new Map<string, { nodes: TemplateNode[]; source: SourceText }>();

  constructor(
    readonly nodes: TemplateNode[],
    readonly source: SourceText,
  ) {}

  static compile(source: string, location: string): CompiledTemplate {
    // The parser reads a directive at the very end of the text as plain text; a newline after it is trimmed anyway.
    const text = /#\{?(return|break)\}?$/.test(source) ? `${source}\n` : source;
    try {
      return new CompiledTemplate(parseVelocity(text), new SourceText(text));
    } catch (error) {
      throw new TemplateRuntimeError(`The VTL template does not parse: ${(error as Error).message}`, location);
    }
  }

  /** The nodes of a double-quoted string literal (`#` is text inside strings, as AppSync treats it). */
  interpolation(text: string, location: string): { nodes: TemplateNode[]; source: SourceText } {
    let parsed = this.strings.get(text);
    if (!parsed) {
      const escaped = text.replace(/#/g, '\\#');
      try {
        parsed = { nodes: parseVelocity(escaped), source: new SourceText(escaped) };
      } catch (error) {
        throw new TemplateRuntimeError(`The string ${JSON.stringify(text)} does not parse: ${(error as Error).message}`, location);
      }
      this.strings.set(text, parsed);
    }
    return parsed;
  }

  render(options: RenderOptions): RenderResult {
    return new Render(this, options).run();
  }
}

/** A call site whose text and location are worked out only when an error asks for them. */
class ReferenceSite implements CallSite {
  constructor(
    private readonly render: Render,
    private readonly node: ReferenceNode,
    private readonly position: Position | undefined,
  ) {}

  get text(): string {
    return this.render.quote(this.node);
  }

  get where(): string {
    return this.render.locate(this.position);
  }
}

function truthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false && value !== VOID;
}

function isInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value);
}

/** One evaluation of a template: its variables and output. */
class Render {
  private out = '';
  private readonly vars = new Map<string, unknown>();
  /** The reference or directive being evaluated, for error locations. */
  private site: Position | undefined;
  /** The text being rendered: the template, or a string literal inside it. */
  private source: SourceText;

  constructor(
    private readonly template: CompiledTemplate,
    private readonly options: RenderOptions,
  ) {
    this.source = template.source;
    for (const [name, value] of Object.entries(options.globals)) this.vars.set(name, value);
  }

  run(): RenderResult {
    try {
      this.nodes(this.template.nodes);
      return { text: this.out, returned: false };
    } catch (signal) {
      if (signal instanceof ReturnSignal) return { text: '', returned: true, value: signal.value };
      // A #break outside any #foreach ends the template with what it rendered so far.
      if (signal === BREAK) return { text: this.out, returned: false };
      if (signal instanceof TemplateError) throw signal;
      if (signal instanceof TemplateRuntimeError) {
        if (signal.location) throw signal;
        throw new TemplateRuntimeError(signal.message, this.where());
      }
      throw new TemplateRuntimeError(`Evaluating the template failed: ${(signal as Error)?.message ?? String(signal)}`, this.where());
    }
  }

  private where(position: Position | undefined = this.site): string {
    return position ? `${this.options.location}, line ${position.first_line}, column ${position.first_column + 1}` : this.options.location;
  }

  private fail(message: string): never {
    throw new TemplateRuntimeError(message, this.where());
  }

  // ------------------------------------------------------------ statements

  /** Renders nodes onto the output. */
  private nodes(nodes: TemplateNode[]): void {
    for (const node of nodes) {
      if (typeof node === 'string') this.out += node;
      else if (Array.isArray(node)) this.block(node);
      else if (node.type === 'references') this.out += this.text(node);
      else this.directive(node);
    }
  }

  private directive(node: DirectiveNode): void {
    switch (node.type) {
      case 'set':
        this.site = node.pos;
        this.set(node.equal[0], node.equal[1]);
        return;
      case 'comment':
        return;
      case 'raw':
        this.out += node.value;
        return;
      case 'break':
        throw BREAK;
      case 'return':
        this.site = node.pos;
        throw new ReturnSignal(node.value ? this.value(this.expression(node.value)) : null);
      case 'macro_call':
        this.site = node.pos;
        if (['evaluate', 'include', 'parse', 'define', 'macro'].includes(node.id)) this.fail(`#${node.id} is not supported in AppSync templates`);
        // An unknown #directive() is plain text in Velocity.
        this.out += this.written(node);
        return;
      default:
        this.site = (node as { pos?: Position }).pos;
        this.fail(`Unexpected ${(node as { type: string }).type} directive`);
    }
  }

  private block(block: TemplateNode[]): void {
    const head = block[0] as DirectiveNode;
    this.site = (head as { pos?: Position }).pos;
    switch (head.type) {
      case 'if':
        this.if(block);
        return;
      case 'foreach':
        this.foreach(head, block.slice(1));
        return;
      case 'noescape':
        this.nodes(block.slice(1));
        return;
      case 'macro':
      case 'define':
      case 'macro_body':
        this.fail(`#${head.type} is not supported in AppSync templates`);
        return;
      default:
        this.nodes(block);
    }
  }

  private if(block: TemplateNode[]): void {
    const head = block[0] as { condition: ExpressionNode };
    let taken = truthy(this.expression(head.condition));
    let start = 1;
    for (let i = 1; i < block.length; i++) {
      const node = block[i];
      const type = typeof node === 'object' && !Array.isArray(node) ? node.type : undefined;
      if (type !== 'elseif' && type !== 'else') continue;
      if (taken) {
        this.nodes(block.slice(start, i));
        return;
      }
      if (type === 'else') taken = true;
      else {
        this.site = (node as { pos?: Position }).pos;
        taken = truthy(this.expression((node as { condition: ExpressionNode }).condition));
      }
      start = i + 1;
    }
    if (taken) this.nodes(block.slice(start));
  }

  private foreach(head: { to: string; from: ExpressionNode; pos?: Position }, body: TemplateNode[]): void {
    const source = this.value(this.expression(head.from));
    let items: unknown[];
    if (isList(source)) items = [...source];
    else if (isMap(source)) items = Object.values(source);
    else return; // Velocity skips what it cannot iterate (null included).
    const saved = { item: this.vars.get(head.to), foreach: this.vars.get('foreach'), count: this.vars.get('velocityCount') };
    const parent = saved.foreach instanceof ForeachInfo ? saved.foreach : null;
    try {
      for (let i = 0; i < items.length; i++) {
        if (i === MAX_FOREACH_ITERATIONS) {
          this.options.warn?.(`${this.where(head.pos)}: #foreach stopped after ${MAX_FOREACH_ITERATIONS} iterations (AppSync's limit)`);
          break;
        }
        this.vars.set(head.to, items[i]);
        this.vars.set('foreach', new ForeachInfo(i, items.length, parent));
        this.vars.set('velocityCount', i + 1);
        try {
          this.nodes(body);
        } catch (signal) {
          if (signal === BREAK) break;
          throw signal;
        }
      }
    } finally {
      this.restore(head.to, saved.item);
      this.restore('foreach', saved.foreach);
      this.restore('velocityCount', saved.count);
    }
  }

  private restore(name: string, value: unknown): void {
    if (value === undefined) this.vars.delete(name);
    else this.vars.set(name, value);
  }

  /** `#set`: a null value leaves the target as it was (Velocity 1.7, as AppSync runs it). */
  private set(target: ReferenceNode, expression: ExpressionNode): void {
    const value = this.value(this.expression(expression));
    if (value === null || value === undefined) return;
    if (!target.path || target.path.length === 0) {
      this.vars.set(target.id, value);
      return;
    }
    let base = this.vars.get(target.id);
    for (let i = 0; i < target.path.length - 1; i++) {
      if (base === null || base === undefined) return;
      base = this.segment(base, target.path[i], target);
    }
    if (base === null || base === undefined) return;
    const last = target.path[target.path.length - 1];
    if (last.type === 'property') {
      if (isMap(base)) base[last.id] = value;
      else if (base instanceof Namespace) this.fail(`Cannot #set ${referenceText(target)}`);
      return;
    }
    if (last.type === 'index') {
      const key = this.value(this.expression(last.id));
      if (isList(base)) {
        const index = this.listIndex(base, key);
        if (index === undefined) this.fail(`#set ${referenceText(target)}: index ${javaString(key)} is out of bounds for length ${base.length}`);
        base[index] = value;
      } else if (isMap(base)) base[javaString(key)] = value;
      return;
    }
    this.fail(`Cannot #set ${referenceText(target)}`);
  }

  // ------------------------------------------------------------ references

  /** A reference in text: its Java string, or its own source when it is null (`$!` renders nothing). */
  private text(node: ReferenceNode): string {
    this.site = node.pos ?? this.site;
    const value = this.reference(node);
    if (value === VOID) return '';
    if (value === null || value === undefined) return node.leader === '$!' ? '' : this.written(node);
    return javaString(value);
  }

  private reference(node: ReferenceNode): unknown {
    let value = this.vars.get(node.id);
    if (!node.path) return value;
    for (const segment of node.path) {
      if (value === null || value === undefined || value === VOID) return undefined;
      value = this.segment(value, segment, node);
    }
    return value;
  }

  private segment(base: unknown, segment: PathSegment, node: ReferenceNode): unknown {
    switch (segment.type) {
      case 'property':
        if (base instanceof Namespace) {
          const member = base.members[segment.id];
          if (member instanceof Namespace) return member;
          if (member === undefined) this.fail(`${base.path}.${segment.id} is not a utility ${base.owner} provides (or the local cloud lacks it)`);
          // A function read as a property renders as nothing; a value member is itself.
          return typeof member === 'function' ? undefined : member;
        }
        return getJavaProperty(base, segment.id, this.callSite(node));
      case 'index': {
        const key = this.value(this.expression(segment.id));
        if (isList(base)) {
          const index = this.listIndex(base, key);
          return index === undefined ? undefined : base[index];
        }
        if (isMap(base)) return Object.hasOwn(base, javaString(key)) ? base[javaString(key)] : undefined;
        return undefined;
      }
      case 'method': {
        const args = segment.args ? segment.args.map((arg) => this.value(this.expression(arg))) : [];
        if (base instanceof Namespace) return this.callUtility(base, segment.id, args);
        return invokeJavaMethod(base, segment.id, args, this.callSite(node));
      }
      default:
        return this.fail(`Unsupported reference syntax in ${referenceText(node)}`);
    }
  }

  private listIndex(list: unknown[], key: unknown): number | undefined {
    if (!isNumber(key) || isDouble(key)) return undefined;
    const index = numberValue(key) < 0 ? list.length + numberValue(key) : numberValue(key);
    return index >= 0 && index < list.length ? index : undefined;
  }

  private callUtility(namespace: Namespace, name: string, args: unknown[]): unknown {
    const member = namespace.members[name];
    if (typeof member !== 'function') {
      this.fail(`${namespace.path}.${name}() is not a utility ${namespace.owner} provides (or the local cloud lacks it)`);
    }
    let result: unknown;
    try {
      result = (member as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      if (error instanceof TemplateError) throw error;
      if (error instanceof TemplateRuntimeError) throw error.location ? error : new TemplateRuntimeError(error.message, this.where());
      throw new TemplateRuntimeError(`${namespace.path}.${name} failed: ${(error as Error).message}`, this.where());
    }
    return result === undefined ? VOID : result;
  }

  /** Where a Java method runs, for its error messages (built only when one is needed). */
  private callSite(node: ReferenceNode): CallSite {
    return new ReferenceSite(this, node, this.site);
  }

  /** The location text of a position (for call sites). */
  locate(position: Position | undefined): string {
    return this.where(position);
  }

  /** The source text of a reference (for call sites). */
  quote(node: ReferenceNode): string {
    return this.written(node);
  }

  // ------------------------------------------------------------ expressions

  /** VOID (a Java void result) is null as a value. */
  private value(value: unknown): unknown {
    return value === VOID ? null : value;
  }

  private expression(node: ExpressionNode): unknown {
    switch (node.type) {
      case 'references':
        return this.reference(node);
      case 'string':
        return node.isEval && (node.value.includes('$') || node.value.includes('#')) ? this.interpolate(node.value) : node.value;
      case 'integer':
        return typeof node.value === 'number' ? node.value : parseInt(node.value, 10);
      case 'decimal': {
        const value = typeof node.value === 'number' ? node.value : parseFloat(node.value);
        return Number.isInteger(value) ? new JavaDouble(value) : value;
      }
      case 'bool':
        return node.value === 'true' ? true : node.value === 'false' ? false : null;
      case 'array':
        return node.isRange ? this.range(node.value) : node.value.map((item) => this.value(this.expression(item as ExpressionNode)));
      case 'map': {
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(node.value ?? {})) {
          const value = this.value(this.expression(item));
          out[key] = value === undefined ? null : value;
        }
        return out;
      }
      case 'math':
        return this.math(node.operator, node.expression);
      default:
        return this.fail(`Unsupported expression ${JSON.stringify((node as { value?: unknown }).value ?? node.type)}`);
    }
  }

  /** A double-quoted string: its references rendered into it. */
  private interpolate(text: string): string {
    const { nodes, source } = this.template.interpolation(text, this.where());
    const outer = { out: this.out, source: this.source };
    this.out = '';
    this.source = source;
    try {
      this.nodes(nodes);
      return this.out;
    } finally {
      this.out = outer.out;
      this.source = outer.source;
    }
  }

  /** A reference as written in the template (what Velocity prints when it is null). */
  private written(node: ReferenceNode | DirectiveNode): string {
    return this.source.slice((node as { pos?: Position }).pos) ?? referenceText(node);
  }

  private range(bounds: (ExpressionNode | string)[]): number[] {
    const [from, to] = bounds.map((bound) => (typeof bound === 'string' ? Number(bound) : numberValue(this.value(this.expression(bound)))));
    if (!Number.isInteger(from) || !Number.isInteger(to)) return [];
    const out: number[] = [];
    if (from <= to) for (let i = from; i <= to; i++) out.push(i);
    else for (let i = from; i >= to; i--) out.push(i);
    return out;
  }

  private math(operator: string, operands: ExpressionNode[]): unknown {
    switch (operator) {
      case '&&':
        return truthy(this.expression(operands[0])) && truthy(this.expression(operands[1]));
      case '||':
        return truthy(this.expression(operands[0])) || truthy(this.expression(operands[1]));
      case 'not':
        return !truthy(this.expression(operands[0]));
      case 'parenthesis':
        return this.expression(operands[0]);
      case 'minus': {
        const value = this.value(this.expression(operands[0]));
        if (!isNumber(value)) return null;
        return value instanceof JavaDouble ? new JavaDouble(-value.value) : -value;
      }
      default:
        break;
    }
    const left = this.value(this.expression(operands[0]));
    const right = this.value(this.expression(operands[1]));
    switch (operator) {
      case '==':
        return this.equal(left, right);
      case '!=':
        return !this.equal(left, right);
      case '<':
      case '>':
      case '<=':
      case '>=':
        return this.compare(operator, left, right);
      default:
        return this.arithmetic(operator, left, right);
    }
  }

  /** Velocity's `==`: numbers by value, same kinds by equals, otherwise their strings. */
  private equal(left: unknown, right: unknown): boolean {
    const leftNull = left === null || left === undefined;
    const rightNull = right === null || right === undefined;
    if (leftNull || rightNull) return leftNull && rightNull;
    if (isNumber(left) && isNumber(right)) return numberValue(left) === numberValue(right);
    const kind = (v: unknown) => (isNumber(v) ? 'n' : typeof v === 'string' ? 's' : typeof v === 'boolean' ? 'b' : isList(v) ? 'l' : isMap(v) ? 'm' : 'o');
    if (kind(left) === kind(right)) return javaEquals(left, right);
    return javaString(left) === javaString(right);
  }

  /** Relational operators compare numbers only (Velocity 1.7 logs and answers false otherwise). */
  private compare(operator: string, left: unknown, right: unknown): boolean {
    if (!isNumber(left) || !isNumber(right)) return false;
    const a = numberValue(left);
    const b = numberValue(right);
    switch (operator) {
      case '<': return a < b;
      case '>': return a > b;
      case '<=': return a <= b;
      default: return a >= b;
    }
  }

  /** `+ - * / %`: integer arithmetic between integers, Double otherwise; `+` concatenates strings; null when undefined (as Velocity does). */
  private arithmetic(operator: string, left: unknown, right: unknown): unknown {
    if (operator === '+' && (typeof left === 'string' || typeof right === 'string')) {
      if (left === null || left === undefined || right === null || right === undefined) return null;
      return javaString(left) + javaString(right);
    }
    if (!isNumber(left) || !isNumber(right)) return null;
    const a = numberValue(left);
    const b = numberValue(right);
    const integers = isInteger(left) && isInteger(right);
    let result: number;
    switch (operator) {
      case '+': result = a + b; break;
      case '-': result = a - b; break;
      case '*': result = a * b; break;
      case '/':
        if (b === 0) return null;
        result = integers ? Math.trunc(a / b) : a / b;
        break;
      case '%':
        if (b === 0) return null;
        result = a % b;
        break;
      default:
        return this.fail(`Unknown operator ${operator}`);
    }
    if (integers) return result;
    return Number.isInteger(result) ? new JavaDouble(result) : result;
  }
}
