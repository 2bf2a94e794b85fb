import type { AnnotationValue } from '../tracing';
import { XrayErrors } from './errors';
import type { TraceFacts } from './trace-view';

/**
 * X-Ray filter expressions for the keys the local X-Ray indexes, as the developer guide writes
 * them: `ok`, `error`, `fault`, `throttle`, `partial` (boolean keywords, alone or `= true|false`),
 * `responsetime` and `duration` (seconds), `http.status`, `http.url`, `http.method`,
 * `service("name")` (and `service()`), `annotation.key` / `annotation[key]`, joined with
 * `AND` / `OR` / `!` and parentheses. Anything else is an InvalidRequestException naming it.
 * @example
 * const matches = parseFilterExpression('service("api") AND responsetime > 1 AND annotation.tenant = "a"');
 * matches(traceFacts(trace)); // true or false
 */
export type TraceFilter = (facts: TraceFacts) => boolean;

type Token = { kind: 'word' | 'string' | 'number' | 'symbol'; text: string };

const SYMBOLS = ['!=', '<=', '>=', '&&', '||', '=', '<', '>', '(', ')', '!', '[', ']', ','] as const;

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < expression.length) {
    const char = expression[at];
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    if (char === '"') {
      let text = '';
      at++;
      while (at < expression.length && expression[at] !== '"') {
        if (expression[at] === '\\' && at + 1 < expression.length) at++;
        text += expression[at++];
      }
      if (at >= expression.length) throw invalid(expression, 'a string is not closed');
      at++;
      tokens.push({ kind: 'string', text });
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(expression.slice(at));
    if (number) {
      tokens.push({ kind: 'number', text: number[0] });
      at += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][\w.\-:]*/.exec(expression.slice(at));
    if (word) {
      tokens.push({ kind: 'word', text: word[0] });
      at += word[0].length;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => expression.startsWith(candidate, at));
    if (!symbol) throw invalid(expression, `unexpected character '${char}'`);
    tokens.push({ kind: 'symbol', text: symbol });
    at += symbol.length;
  }
  return tokens;
}

const invalid = (expression: string, why: string) => XrayErrors.invalidRequest(`Invalid filter expression ${JSON.stringify(expression)}: ${why}`);

type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'beginswith' | 'endswith';

function compare(left: AnnotationValue | undefined, op: Comparison, right: AnnotationValue): boolean {
  if (left === undefined) return false;
  switch (op) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case 'contains':
      return String(left).includes(String(right));
    case 'beginswith':
      return String(left).startsWith(String(right));
    case 'endswith':
      return String(left).endsWith(String(right));
    default: {
      if (typeof left !== typeof right) return false;
      if (op === '<') return left < right;
      if (op === '<=') return left <= right;
      if (op === '>') return left > right;
      return left >= right;
    }
  }
}

const BOOLEAN_KEYS: Record<string, (facts: TraceFacts) => boolean> = {
  ok: (facts) => !facts.error && !facts.fault && !facts.throttle,
  error: (facts) => facts.error,
  fault: (facts) => facts.fault,
  throttle: (facts) => facts.throttle,
  partial: (facts) => facts.partial,
};

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly expression: string,
  ) {}

  parse(): TraceFilter {
    const filter = this.or();
    if (this.at < this.tokens.length) throw invalid(this.expression, `unexpected '${this.tokens[this.at].text}'`);
    return filter;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(what: string): Token {
    const token = this.tokens[this.at++];
    if (!token) throw invalid(this.expression, `${what} expected at the end`);
    return token;
  }

  private isWord(token: Token | undefined, word: string): boolean {
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }

  private or(): TraceFilter {
    const parts = [this.and()];
    while (this.isWord(this.peek(), 'or') || this.peek()?.text === '||') {
      this.at++;
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0] : (facts) => parts.some((part) => part(facts));
  }

  private and(): TraceFilter {
    const parts = [this.unary()];
    while (this.isWord(this.peek(), 'and') || this.peek()?.text === '&&') {
      this.at++;
      parts.push(this.unary());
    }
    return parts.length === 1 ? parts[0] : (facts) => parts.every((part) => part(facts));
  }

  private unary(): TraceFilter {
    const token = this.next('a condition');
    if (token.kind === 'symbol' && token.text === '!') {
      const inner = this.unary();
      return (facts) => !inner(facts);
    }
    if (token.kind === 'symbol' && token.text === '(') {
      const inner = this.or();
      if (this.next("')'").text !== ')') throw invalid(this.expression, "')' expected");
      return inner;
    }
    if (token.kind !== 'word') throw invalid(this.expression, `unexpected '${token.text}'`);
    return this.predicate(token.text);
  }

  private comparison(): Comparison {
    const token = this.next('a comparison');
    const text = token.text.toLowerCase();
    if (['=', '!=', '<', '<=', '>', '>=', 'contains', 'beginswith', 'endswith'].includes(text)) return text as Comparison;
    throw invalid(this.expression, `a comparison expected, found '${token.text}'`);
  }

  private value(): AnnotationValue {
    const token = this.next('a value');
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (this.isWord(token, 'true')) return true;
    if (this.isWord(token, 'false')) return false;
    throw invalid(this.expression, `a value expected, found '${token.text}'`);
  }

  private numeric(key: string): number {
    const value = this.value();
    if (typeof value !== 'number') throw invalid(this.expression, `${key} compares with a number`);
    return value;
  }

  private predicate(word: string): TraceFilter {
    const key = word.toLowerCase();
    if (Object.hasOwn(BOOLEAN_KEYS, key)) {
      const read = BOOLEAN_KEYS[key];
      if (this.peek()?.text !== '=' && this.peek()?.text !== '!=') return read;
      const op = this.comparison();
      const expected = this.value();
      if (typeof expected !== 'boolean') throw invalid(this.expression, `${word} compares with true or false`);
      return (facts) => (read(facts) === expected) === (op === '=');
    }
    if (key === 'responsetime' || key === 'duration') {
      const op = this.comparison();
      const bound = this.numeric(key);
      return (facts) => compare(key === 'duration' ? facts.duration : facts.responseTime, op, bound);
    }
    if (key === 'http.status' || key === 'http.url' || key === 'http.method') {
      const op = this.comparison();
      const expected = key === 'http.status' ? this.numeric(key) : this.value();
      const read = (facts: TraceFacts) => {
        const http = facts.root?.http;
        return key === 'http.status' ? http?.response?.status : key === 'http.url' ? http?.request?.url : http?.request?.method;
      };
      return (facts) => compare(read(facts), op, expected);
    }
    if (key === 'service') return this.service();
    if (key.startsWith('annotation.') || key === 'annotation') {
      let name = word.slice('annotation.'.length);
      if (key === 'annotation') {
        if (this.next("'['").text !== '[') throw invalid(this.expression, "annotation[key] expected");
        name = this.next('an annotation key').text;
        if (this.next("']'").text !== ']') throw invalid(this.expression, "']' expected");
      }
      const op = this.comparison();
      const expected = this.value();
      return (facts) => (facts.annotations.get(name) ?? []).some((value) => compare(value, op, expected));
    }
    throw invalid(this.expression, `the local X-Ray does not filter on '${word}' (it filters on ok, error, fault, throttle, partial, responsetime, duration, http.status, http.url, http.method, service() and annotation)`);
  }

  private service(): TraceFilter {
    if (this.next("'('").text !== '(') throw invalid(this.expression, "service( expected");
    let name: string | undefined;
    if (this.peek()?.kind === 'string') name = this.next('a service name').text;
    if (this.next("')'").text !== ')') throw invalid(this.expression, "')' expected after the service name");
    return (facts) => (name === undefined ? facts.services.length > 0 : facts.services.some((service) => service.name === name));
  }
}

/** The expression as a predicate on a trace; InvalidRequestException when it cannot be read. */
export function parseFilterExpression(expression: string): TraceFilter {
  return new Parser(tokenize(expression), expression).parse();
}
