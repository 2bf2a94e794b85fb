/**
 * A streaming JSON reader with the token positions AWS's pattern compiler reports. EventBridge
 * and SNS compile patterns with a Jackson streaming parser and word their refusals as Jackson
 * does: `<reason>\n at [Source: (String)"<pattern>"; line: 1, column: 40]`. The position is
 * where the parser stands when the compiler gives up: after the last token read, except that a
 * string value whose text was not asked for stands just after its opening quote (Jackson reads
 * string values lazily). JSON.parse gives no positions, so this reads the text itself.
 */

export type TokenKind = 'start-object' | 'end-object' | 'start-array' | 'end-array' | 'field' | 'string' | 'number' | 'true' | 'false' | 'null';

export interface Token {
  kind: TokenKind;
  /** The field name, the string's value, or the literal's text (`1.5e3`, `true`). */
  text: string;
}

/** The pattern is not valid; `message` is the reason and where, as AWS words it. */
export class PatternSyntaxError extends Error {
  constructor(readonly reason: string, readonly location: string) {
    super(`${reason}\n at ${location}`);
    this.name = 'PatternSyntaxError';
  }
}

/** Jackson shows at most this much of the source in a location. */
const SOURCE_SHOWN = 500;

interface Frame {
  kind: 'object' | 'array';
  /** Entries read so far. */
  count: number;
  /** In an object: the next token is a value (a field name was read). */
  expectValue: boolean;
  /** Where it started, for Jackson's "start marker" message. */
  line: number;
  column: number;
}

const describeChar = (char: string) => `'${char}' (code ${char.codePointAt(0)})`;

/**
 * Reads one JSON text token by token.
 * @example
 * const reader = new JsonTokenReader('{"source": ["a"]}');
 * reader.next(); // { kind: 'start-object', text: '{' }
 */
export class JsonTokenReader {
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private readonly stack: Frame[] = [];
  /** Where a string value's text ends, until its text is read (Jackson's lazy strings). */
  private pendingStringEnd?: { offset: number; line: number; lineStart: number };
  private started = false;

  constructor(private readonly source: string) {}

  /** The next token, or undefined at the end of the text. */
  next(): Token | undefined {
    this.settleString();
    this.skipSpace();
    const frame = this.stack.at(-1);
    if (!frame) {
      if (this.started) {
        if (this.offset < this.source.length) throw this.fail(`Unexpected character (${describeChar(this.source[this.offset])}): expected end of input`);
        return undefined;
      }
      this.started = true;
      return this.value();
    }
    const char = this.source[this.offset];
    if (char === undefined) {
      throw this.fail(`Unexpected end-of-input: expected close marker for ${frame.kind === 'object' ? 'Object' : 'Array'} (start marker at ${this.sourceLocation(frame.line, frame.column)})`);
    }
    if (frame.kind === 'object') {
      if (frame.expectValue) {
        frame.expectValue = false;
        frame.count++;
        return this.value();
      }
      if (char === '}') return this.close('end-object');
      if (frame.count > 0) {
        if (char !== ',') throw this.fail(`Unexpected character (${describeChar(char)}): was expecting comma to separate Object entries`);
        this.advance(1);
        this.skipSpace();
      }
      if (this.source[this.offset] !== '"') {
        const next = this.source[this.offset];
        if (next === undefined) return this.next();
        throw this.fail(`Unexpected character (${describeChar(next)}): was expecting double-quote to start field name`);
      }
      const name = this.readString();
      this.skipSpace();
      if (this.source[this.offset] !== ':') {
        const next = this.source[this.offset];
        throw this.fail(next === undefined ? 'Unexpected end-of-input: was expecting a colon to separate field name and value' : `Unexpected character (${describeChar(next)}): was expecting a colon to separate field name and value`);
      }
      this.advance(1);
      frame.expectValue = true;
      return { kind: 'field', text: name };
    }
    if (char === ']') return this.close('end-array');
    if (frame.count > 0) {
      if (char !== ',') throw this.fail(`Unexpected character (${describeChar(char)}): was expecting comma to separate Array entries`);
      this.advance(1);
      this.skipSpace();
    }
    frame.count++;
    return this.value();
  }

  /** A string value's text: reading it moves the position past its closing quote, as in Jackson. */
  text(token: Token): string {
    if (token.kind === 'string') this.settleString();
    return token.text;
  }

  /** The compiler refuses the pattern here. */
  fail(reason: string): PatternSyntaxError {
    return new PatternSyntaxError(reason, this.sourceLocation(this.line, this.offset - this.lineStart + 1));
  }

  private sourceLocation(line: number, column: number): string {
    const shown = this.source.length > SOURCE_SHOWN ? `${this.source.slice(0, SOURCE_SHOWN)}"[truncated ${this.source.length - SOURCE_SHOWN} chars]` : `${this.source}"`;
    return `[Source: (String)"${shown}; line: ${line}, column: ${column}]`;
  }

  private close(kind: 'end-object' | 'end-array'): Token {
    this.advance(1);
    this.stack.pop();
    return { kind, text: kind === 'end-object' ? '}' : ']' };
  }

  private value(): Token {
    const char = this.source[this.offset];
    if (char === undefined) throw this.fail('Unexpected end-of-input: expected a value');
    if (char === '{' || char === '[') {
      this.advance(1);
      this.stack.push({ kind: char === '{' ? 'object' : 'array', count: 0, expectValue: false, line: this.line, column: this.offset - this.lineStart });
      return { kind: char === '{' ? 'start-object' : 'start-array', text: char };
    }
    if (char === '"') {
      const start = this.offset + 1;
      const text = this.readString();
      // Stand after the opening quote until the text is asked for.
      this.pendingStringEnd = { offset: this.offset, line: this.line, lineStart: this.lineStart };
      this.offset = start;
      return { kind: 'string', text };
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.source.slice(this.offset, this.offset + 400));
    if (number && number[0].length > 0 && (char === '-' || (char >= '0' && char <= '9'))) {
      this.advance(number[0].length);
      return { kind: 'number', text: number[0] };
    }
    const word = /^[A-Za-z0-9_$+.-]+/.exec(this.source.slice(this.offset, this.offset + 200))?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      this.advance(word.length);
      return { kind: word, text: word };
    }
    if (word) {
      this.advance(word.length);
      throw this.fail(`Unrecognized token '${word}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`);
    }
    this.advance(1);
    throw this.fail(`Unexpected character (${describeChar(char)}): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`);
  }

  private settleString(): void {
    if (!this.pendingStringEnd) return;
    ({ offset: this.offset, line: this.line, lineStart: this.lineStart } = this.pendingStringEnd);
    this.pendingStringEnd = undefined;
  }

  /** Reads `"…"` at the position, with JSON's escapes. */
  private readString(): string {
    const startLine = this.line;
    let end = this.offset + 1;
    let out = '';
    for (;;) {
      const char = this.source[end];
      if (char === undefined) {
        this.offset = end;
        throw this.fail(`Unexpected end-of-input: was expecting closing quote for a string value`);
      }
      if (char === '"') break;
      if (char === '\\') {
        const escaped = this.source[end + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (escaped !== undefined && simple[escaped] !== undefined) {
          out += simple[escaped];
          end += 2;
          continue;
        }
        if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(this.source.slice(end + 2, end + 6))) {
          out += String.fromCharCode(parseInt(this.source.slice(end + 2, end + 6), 16));
          end += 6;
          continue;
        }
        this.offset = end + 2;
        throw this.fail(`Unrecognized character escape ${describeChar(escaped ?? '\\')}`);
      }
      if (char < ' ') {
        this.offset = end + 1;
        throw this.fail(`Illegal unquoted character ((CTRL-CHAR, code ${char.charCodeAt(0)})): has to be escaped using backslash to be included in string value`);
      }
      out += char;
      end++;
    }
    this.line = startLine;
    this.offset = end + 1;
    return out;
  }

  private skipSpace(): void {
    while (this.offset < this.source.length) {
      const char = this.source[this.offset];
      if (char === '\n') {
        this.offset++;
        this.line++;
        this.lineStart = this.offset;
      } else if (char === ' ' || char === '\t' || char === '\r') {
        this.offset++;
      } else {
        break;
      }
    }
  }

  private advance(count: number): void {
    this.offset += count;
  }
}
