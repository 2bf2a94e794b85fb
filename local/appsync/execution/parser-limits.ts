import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';

/**
 * graphql-java's parser limits (AppSync's engine: its validation wording is graphql-java's),
 * checked by lexing before parsing, so that a hostile document costs at most this many
 * tokens of work whatever its size: 15,000 grammar tokens, 1 MiB of characters, 500 deep.
 */
export const PARSER_LIMITS = { tokens: 15_000, characters: 1_048_576, depth: 500 } as const;

const OPENERS: ReadonlySet<string> = new Set([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSERS: ReadonlySet<string> = new Set([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);
const cancelled = (what: string) => `${what}. To prevent Denial Of Service attacks, parsing has been cancelled.`;

/**
 * graphql-java's message when a document passes a parser limit, or undefined. Depth is
 * counted here in open brackets (`{`, `(`, `[`); graphql-java counts grammar rules, a few per
 * bracket, so it refuses some shallower documents than this check does.
 * @example
 * parserLimitExceeded('{ a }'); // undefined
 */
export function parserLimitExceeded(query: string): { message: string; line: number; column: number } | undefined {
  if (query.length > PARSER_LIMITS.characters) return { message: cancelled(`More than ${PARSER_LIMITS.characters} characters have been presented`), line: 1, column: 1 };
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  let depth = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++tokens > PARSER_LIMITS.tokens) return { message: cancelled(`More than ${PARSER_LIMITS.tokens} 'grammar' tokens have been presented`), line: token.line, column: token.column };
      if (OPENERS.has(token.kind) && ++depth > PARSER_LIMITS.depth) {
        return { message: cancelled(`More than ${PARSER_LIMITS.depth} deep 'grammar' rules have been entered`), line: token.line, column: token.column };
      }
      if (CLOSERS.has(token.kind)) depth--;
    }
  } catch (error) {
    // A lexical error: the parser reports it, with its own wording.
    if (error instanceof GraphQLError) return undefined;
    throw error;
  }
  return undefined;
}
