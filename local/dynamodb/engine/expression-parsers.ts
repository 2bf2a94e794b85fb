import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Dynalite's expression parsers (condition, update, projection) are PEG.js 0.10 parsers
 * generated without PEG.js's result cache. Their grammar backtracks at every parenthesis and
 * NOT, so the work doubles with each level of nesting: `NOT (NOT (… a = :v))` ten deep took
 * 19 s, twenty parentheses 9 s, and one such request stops the whole process (the parse is
 * synchronous). The fix PEG.js itself offers is its `cache` option, a memo of each rule's
 * result per input position, which makes the parse linear. Dynalite ships only the generated
 * files, so this compiles each from dynalite's own file with every rule wrapped in that memo,
 * rather than forking dynalite or keeping a copy of its grammar.
 *
 * The memo is keyed by rule, position and whether failures are being recorded (PEG.js's
 * silent mode), so a parse records the same expectations and builds the same tree as before.
 * The grammar's actions only ever set first-wins errors and mark names as used, which repeat
 * harmlessly, so running each of them once per position changes no answer.
 */
const require = createRequire(import.meta.url);

export const EXPRESSION_PARSERS = ['conditionParser', 'updateParser', 'projectionParser'] as const;
export type ExpressionParserName = (typeof EXPRESSION_PARSERS)[number];

export interface PegParser {
  parse(input: string, options?: { context?: Record<string, unknown> }): unknown;
  SyntaxError: unknown;
}

const RULE = /^ {2}function (peg\$parse\w*)\(\) \{$/gm;
const ENTRY = 'function peg$parse(input, options) {';
/** Marks a parser module whose `parse` is already the memoized one. */
const MEMOIZED = Symbol.for('flare.dynalite.memoizedParser');

/**
 * One of dynalite's parsers compiled from its file, memoized (or, for comparison in tests,
 * as dynalite generated it). Throws naming the file when it is not the PEG.js 0.10 output
 * this expects: a dynalite upgrade must be looked at, not silently slow.
 */
export function compileParser(name: ExpressionParserName, memoize = true): PegParser {
  const file = require.resolve(`dynalite/db/${name}`);
  let source = readFileSync(file, 'utf8');
  if (memoize) {
    let rules = 0;
    source = source.replace(RULE, (_line, rule: string) => `  function ${rule}() { return peg$memo(${rules++}, ${rule}$raw); }\n  function ${rule}$raw() {`);
    if (rules === 0 || !source.includes(ENTRY)) throw new Error(`${file} is not the PEG.js 0.10 parser the local DynamoDB memoizes (dynalite was upgraded?)`);
    source = source.replace(
      ENTRY,
      `${ENTRY}
  var peg$memoCache = new Map();
  function peg$memo(rule, parse) {
    var key = (peg$currPos * ${rules} + rule) * 2 + (peg$silentFails > 0 ? 1 : 0);
    var hit = peg$memoCache.get(key);
    if (hit !== undefined) { peg$currPos = hit.next; return hit.result; }
    var result = parse();
    peg$memoCache.set(key, { next: peg$currPos, result: result });
    return result;
  }`,
    );
  }
  const module = { exports: {} as PegParser };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- dynalite's own generated code, compiled as Node would compile the file
  new Function('module', 'exports', 'require', source)(module, module.exports, require);
  return module.exports;
}

/**
 * Puts the memoized parsers where dynalite's validations call them (the `parse` of the
 * modules they hold). Idempotent; the same for every local cloud in the process, as the
 * modules are.
 */
export function memoizeExpressionParsers(): void {
  for (const name of EXPRESSION_PARSERS) {
    const loaded = require(`dynalite/db/${name}`) as PegParser & { [MEMOIZED]?: true };
    if (loaded[MEMOIZED]) continue;
    loaded.parse = compileParser(name).parse;
    loaded[MEMOIZED] = true;
  }
}
