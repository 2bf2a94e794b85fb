import { TemplateRuntimeError } from '../runtime/types';

/**
 * Java regular expressions (`java.util.regex`, what `$util.matches`,
 * `String.replaceAll`, `split` and `matches` take in VTL) as JS RegExps. The
 * common syntax is shared; the Java-only parts are translated (`\Q…\E`, `\A`,
 * `\z`, POSIX classes, leading inline flags) or refused loudly (possessive
 * quantifiers, atomic groups) rather than silently matching differently.
 */
const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 500;

const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};

function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Translates a Java pattern into JS source and flags. */
function translate(pattern: string): { source: string; flags: string } {
  let flags = '';
  let rest = pattern;
  const inline = /^\(\?([imsux]+)\)/.exec(rest);
  if (inline) {
    for (const flag of inline[1]) {
      if (flag === 'i' || flag === 'm' || flag === 's') flags += flag;
      else if (flag === 'u') continue; // Unicode case folding: JS 'i' already folds most of it.
      else throw new TemplateRuntimeError(`The Java regex flag (?${flag}) in ${JSON.stringify(pattern)} has no JavaScript equivalent`);
    }
    rest = rest.slice(inline[0].length);
  }
  let out = '';
  let inClass = 0;
  let unicode = false;
  /** Whether the last thing emitted was a quantifier (so a '+' after it would make it possessive). */
  let quantified = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    const wasQuantified = quantified;
    quantified = false;
    if (c === '\\') {
      const next = rest[i + 1];
      if (next === undefined) throw new TemplateRuntimeError(`The Java regex ${JSON.stringify(pattern)} ends with a lone backslash`);
      if (next === 'Q') {
        const end = rest.indexOf('\\E', i + 2);
        const literal = end < 0 ? rest.slice(i + 2) : rest.slice(i + 2, end);
        out += escapeLiteral(literal);
        i = end < 0 ? rest.length : end + 1;
        continue;
      }
      if (next === 'A' && !inClass) { out += '^'; i++; continue; }
      if ((next === 'z' || next === 'Z') && !inClass) { out += '$'; i++; continue; }
      if (next === 'h') { out += inClass ? ' \\t\\xA0' : '[ \\t\\xA0]'; i++; continue; }
      if (next === 'p' || next === 'P') {
        const match = /^\{(?:Is)?(\w+)\}/.exec(rest.slice(i + 2));
        if (match && POSIX[match[1]]) {
          const body = POSIX[match[1]];
          const negate = next === 'P';
          if (inClass && negate) throw new TemplateRuntimeError(`\\P{${match[1]}} inside a character class is not supported locally (in ${JSON.stringify(pattern)})`);
          out += inClass ? body : `[${negate ? '^' : ''}${body}]`;
          i += 1 + match[0].length;
          continue;
        }
        unicode = true;
      }
      out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[') throw new TemplateRuntimeError(`Nested character classes (Java union/intersection) in ${JSON.stringify(pattern)} are not supported locally`);
      if (c === '&' && rest[i + 1] === '&') throw new TemplateRuntimeError(`Character class intersection (&&) in ${JSON.stringify(pattern)} is not supported locally`);
      if (c === ']') inClass = 0;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = 1;
      out += c;
      // A ']' right after '[' or '[^' is a literal in Java.
      if (rest[i + 1] === '^') { out += '^'; i++; }
      if (rest[i + 1] === ']') { out += '\\]'; i++; }
      continue;
    }
    if (c === '(' && rest[i + 1] === '?' && rest[i + 2] === '>') {
      throw new TemplateRuntimeError(`Atomic groups (?>…) in ${JSON.stringify(pattern)} have no JavaScript equivalent`);
    }
    if (c === '+' && wasQuantified) {
      throw new TemplateRuntimeError(`Possessive quantifiers in ${JSON.stringify(pattern)} have no JavaScript equivalent`);
    }
    const bounds = c === '{' ? /^\{\d+(,\d*)?\}/.exec(rest.slice(i)) : null;
    if (bounds) {
      out += bounds[0];
      i += bounds[0].length - 1;
      quantified = true;
      continue;
    }
    quantified = c === '*' || c === '+' || c === '?';
    out += c;
  }
  return { source: out, flags: unicode ? `${flags}u` : flags };
}

/**
 * The JS RegExp for a Java pattern. `whole` anchors it (Java's `matches()`
 * needs the whole input to match); `global` is for replace/split loops.
 */
export function javaRegExp(pattern: string, options: { whole?: boolean; global?: boolean } = {}): RegExp {
  const key = `${options.whole ? 'W' : ''}${options.global ? 'G' : ''}\0${pattern}`;
  const cached = cache.get(key);
  if (cached) {
    cached.lastIndex = 0;
    return cached;
  }
  const { source, flags } = translate(pattern);
  let regexp: RegExp;
  try {
    regexp = new RegExp(options.whole ? `^(?:${source})$` : source, options.global ? `${flags}g` : flags);
  } catch (error) {
    throw new TemplateRuntimeError(`Invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, regexp);
  return regexp;
}

/** Java's `String.matches(regex)`: the whole string must match. */
export function javaMatches(pattern: string, input: string): boolean {
  return javaRegExp(pattern, { whole: true }).test(input);
}

/** Translates a Java replacement (`$1`, `${name}`, `\$`) to a JS one (`$1`, `$<name>`, `$$`). */
function javaReplacement(replacement: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      const next = replacement[i + 1];
      if (next === undefined) throw new TemplateRuntimeError(`The replacement ${JSON.stringify(replacement)} ends with a lone backslash`);
      out += next === '$' ? '$$' : next;
      i++;
    } else if (c === '$') {
      const group = /^(\d+|\{(\w+)\})/.exec(replacement.slice(i + 1));
      if (!group) throw new TemplateRuntimeError(`Illegal group reference in the replacement ${JSON.stringify(replacement)}`);
      out += group[2] ? `$<${group[2]}>` : `$${group[1]}`;
      i += group[0].length;
    } else {
      out += c;
    }
  }
  return out;
}

/** Java's `String.replaceAll(regex, replacement)`. */
export function javaReplaceAll(input: string, pattern: string, replacement: string): string {
  return input.replace(javaRegExp(pattern, { global: true }), javaReplacement(replacement));
}

/** Java's `String.replaceFirst(regex, replacement)`. */
export function javaReplaceFirst(input: string, pattern: string, replacement: string): string {
  return input.replace(javaRegExp(pattern), javaReplacement(replacement));
}

/**
 * Java's `String.split(regex[, limit])`: no captured groups in the result, a
 * zero-width match at the start yields no leading empty string, and (limit 0)
 * trailing empty strings are removed.
 */
export function javaSplit(input: string, pattern: string, limit = 0): string[] {
  if (input === '') return [''];
  const regexp = javaRegExp(pattern, { global: true });
  const parts: string[] = [];
  let start = 0;
  let match: RegExpExecArray | null;
  while ((match = regexp.exec(input)) !== null) {
    if (limit > 0 && parts.length === limit - 1) break;
    const end = match.index;
    const width = match[0].length;
    if (width === 0) {
      if (end >= input.length) break;
      if (end === 0) {
        regexp.lastIndex++;
        continue;
      }
      regexp.lastIndex++;
    }
    parts.push(input.slice(start, end));
    start = end + width;
  }
  parts.push(input.slice(start));
  if (limit === 0) while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
