/**
 * Dynalite's expression parsers, memoized: the same trees and the same errors as dynalite's
 * own parsers on ordinary and broken expressions, and nesting that made them take seconds to
 * hours (the work doubled with every parenthesis or NOT) is parsed.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compileParser, memoizeExpressionParsers, type ExpressionParserName, type PegParser } from '../../../../local/dynamodb/engine/expression-parsers';

const require = createRequire(import.meta.url);
const { compare } = require('dynalite/db') as { compare: unknown };
const RESERVED = new Set(['NAME', 'SIZE', 'STATUS']);

/** The context dynalite's validations give a parse (names, values, which are unused). */
function context() {
  const attrNames = { '#n': 'name', '#s': 'status' };
  const attrVals = { ':v': { S: 'x' }, ':n': { N: '1' }, ':m': { N: '9' }, ':l': { L: [] } };
  return { attrNames, attrVals, unusedAttrNames: { ...attrNames }, unusedAttrVals: { ...attrVals }, isReserved: (name: string) => RESERVED.has(name.toUpperCase()), compare };
}

/** The tree, or the error, and what the parse marked as used. */
function outcome(parser: PegParser, expression: string) {
  const ctx = context();
  try {
    return { result: parser.parse(expression, { context: ctx }), unusedNames: ctx.unusedAttrNames, unusedValues: ctx.unusedAttrVals };
  } catch (error) {
    return { error: (error as Error).message, unusedNames: ctx.unusedAttrNames, unusedValues: ctx.unusedAttrVals };
  }
}

const CASES: Record<ExpressionParserName, string[]> = {
  conditionParser: [
    'a = :v', '#n = :v AND (b < :n OR NOT c BETWEEN :n AND :m)', 'attribute_exists(a.b[2]) AND size(#s) > :n', 'a IN (:v, :n)', 'begins_with(a, :v) OR contains(l, :v)',
    '((a = :v))', 'a = :v AND', 'name = :v', '#x = :v', 'a = :nope', 'size(a)', 'a BETWEEN :m AND :n', 'NOT NOT (a <> :v)', '(a = :v) OR ((b = :v) AND (c = :v))', 'foo(a)', 'a.b.c[0][1] >= :n', '',
  ],
  updateParser: ['SET a = :v, b = if_not_exists(b, :n) + :n REMOVE c[0] ADD d :n DELETE e :l', 'SET #n = list_append(:l, a)', 'SET a = :v SET b = :v', 'SET a = (:v)', 'REMOVE', 'SET a = a + (b - :n)'],
  projectionParser: ['a, b.c, d[0], #n', 'a, a', 'status', 'a..b', 'a[x]'],
};

describe('memoized parsers give the answers dynalite\'s own give', () => {
  for (const name of Object.keys(CASES) as ExpressionParserName[]) {
    it(`${name}: trees, errors and used names`, () => {
      const original = compileParser(name, false);
      const memoized = compileParser(name);
      for (const expression of CASES[name]) expect(outcome(memoized, expression), expression).toEqual(outcome(original, expression));
    });
  }
});

describe('nesting that was exponential', () => {
  it('40 levels of NOT, of parentheses around an operand and of AND in parentheses are parsed (unmemoized: hours)', () => {
    const parser = compileParser('conditionParser');
    let not = 'a = :v';
    let and = 'a = :v';
    for (let i = 0; i < 40; i++) {
      not = `NOT (${not})`;
      and = `(b = :v AND ${and})`;
    }
    const operand = `${'('.repeat(40)}a${')'.repeat(40)} = :v`;
    for (const expression of [not, and, operand]) expect(outcome(parser, expression).error, expression.slice(0, 40)).toBeUndefined();
    expect((outcome(parser, not).result as { expression: { type: string } }).expression.type).toBe('not');
  });

  it('dynalite\'s validations use the memoized parsers once installed', () => {
    memoizeExpressionParsers();
    memoizeExpressionParsers();
    const loaded = require('dynalite/db/conditionParser') as PegParser;
    let not = 'a = :v';
    for (let i = 0; i < 40; i++) not = `NOT (${not})`;
    expect(outcome(loaded, not).error).toBeUndefined();
  });
});
