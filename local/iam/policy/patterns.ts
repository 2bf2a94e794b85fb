import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Wildcards and policy variables as IAM reads them: `*` any run of characters, `?` any
 * one; `${key}` / `${key, 'default'}` substituted from the request context (policy
 * version 2012-10-17 only), `${*}` `${?}` `${$}` for the literal characters.
 */

/** Looks a condition key up (lower-case name) in the request context. */
export type ContextLookup = (key: string) => string | readonly string[] | undefined;

type Part = { text: string } | { variable: string; fallback?: string };

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;
export const escapeRegex = (text: string) => text.replace(REGEX_SPECIAL, '\\$&');

export class PolicyCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyCompileError';
  }
}

/** A policy string, parsed once: literal text (with wildcards) and variables. */
export class Template {
  readonly parts: readonly Part[];
  readonly hasVariables: boolean;

  constructor(readonly source: string, variables: boolean) {
    this.parts = variables ? Template.parse(source) : [{ text: source }];
    this.hasVariables = this.parts.some((part) => 'variable' in part);
  }

  private static parse(source: string): Part[] {
    const parts: Part[] = [];
    let text = '';
    let i = 0;
    while (i < source.length) {
      const start = source.indexOf('${', i);
      if (start < 0) break;
      const end = source.indexOf('}', start);
      if (end < 0) break;
      text += source.slice(i, start);
      const inner = source.slice(start + 2, end).trim();
      i = end + 1;
      if (inner === '*' || inner === '?' || inner === '$') {
        // Escapes for characters that would otherwise be wildcards or start a variable.
        parts.push({ text }, { variable: '', fallback: inner });
        text = '';
        continue;
      }
      const comma = inner.indexOf(',');
      let variable = inner;
      let fallback: string | undefined;
      if (comma >= 0) {
        variable = inner.slice(0, comma).trim();
        const rest = inner.slice(comma + 1).trim();
        const quoted = /^'(.*)'$/.exec(rest);
        if (!quoted) throw new PolicyCompileError(`Policy variable default must be quoted with single quotes: \${${inner}}`);
        fallback = quoted[1];
      }
      if (variable === '') throw new PolicyCompileError(`Empty policy variable in "${source}"`);
      parts.push({ text }, { variable: variable.toLowerCase(), fallback });
      text = '';
    }
    parts.push({ text: text + source.slice(i) });
    return parts.filter((part) => !('text' in part) || part.text !== '');
  }

  /** The string with variables substituted, or undefined when one is missing and has no default. */
  resolve(context: ContextLookup): string | undefined {
    if (!this.hasVariables) return this.source;
    let out = '';
    for (const part of this.parts) {
      if ('text' in part) {
        out += part.text;
        continue;
      }
      const value = part.variable === '' ? undefined : single(context(part.variable));
      if (value === undefined && part.fallback === undefined) return undefined;
      out += value ?? part.fallback;
    }
    return out;
  }
}

/** A multi-valued key cannot be a policy variable: IAM substitutes single values only. */
function single(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  return value.length === 1 ? value[0] : undefined;
}

/**
 * Compiled regexes for resolved patterns, shared by every statement of a policy set.
 * Patterns without variables are compiled once; those with variables once per distinct
 * substitution (one per identity), up to a bound.
 */
export class RegexCache {
  private readonly cache = new Map<string, RegExp>();
  private readonly subnets = new Map<string, BlockList | null>();

  constructor(private readonly limit = 4096) {}

  /** The CIDR block (or single address) of an IpAddress condition value; null when it is not one. */
  subnet(cidr: string): BlockList | null {
    let list = this.subnets.get(cidr);
    if (list === undefined) {
      list = null;
      const [address, prefix] = cidr.split('/');
      const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
      const bits = prefix === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefix);
      if (family && Number.isInteger(bits)) {
        list = new BlockList();
        list.addSubnet(address, bits, family);
      }
      this.subnets.set(cidr, list);
    }
    return list;
  }

  get(source: string, flags = ''): RegExp {
    const key = `${flags}/${source}`;
    let regex = this.cache.get(key);
    if (!regex) {
      regex = new RegExp(`^${source}$`, flags);
      if (this.cache.size >= this.limit) this.cache.clear();
      this.cache.set(key, regex);
    }
    return regex;
  }
}

/**
 * A wildcard pattern compiled once: the regex source of its literal text is built here,
 * so matching with variables only escapes and joins the substituted values.
 *
 * In `arn` mode wildcards follow IAM's ARN matching: the six colon-separated segments are
 * matched one by one, so a wildcard in `region` or `account` never swallows a colon, while
 * one in the resource segment (everything after the fifth colon) may span `/` and `:`.
 * Only the policy's own colons count: a substituted value (an identity id such as
 * `us-east-1:…`) is literal text within its segment.
 */
export class GlobPattern {
  /** The regex when the pattern has no variables. */
  readonly fixed?: RegExp;
  private readonly pieces: ({ source: string } | { variable: string; fallback?: string })[] = [];

  constructor(template: Template, mode: 'plain' | 'arn', regexFlags = '') {
    if (mode === 'arn' && template.source === '*') {
      this.pieces.push({ source: '.*' });
    } else {
      let colons = 0;
      for (const part of template.parts) {
        if (!('text' in part)) {
          this.pieces.push(part);
          continue;
        }
        let source = '';
        for (const char of part.text) {
          if (char === ':') colons++;
          const inResource = mode === 'plain' || colons >= 5;
          source += char === '*' ? (inResource ? '.*' : '[^:]*') : char === '?' ? (inResource ? '.' : '[^:]') : escapeRegex(char);
        }
        this.pieces.push({ source });
      }
    }
    if (!template.hasVariables) this.fixed = new RegExp(`^${this.pieces.map((piece) => ('source' in piece ? piece.source : '')).join('')}$`, regexFlags);
  }

  /** Regex source with the context's values substituted, or undefined when one is missing and has no default. */
  source(context: ContextLookup): string | undefined {
    let out = '';
    for (const piece of this.pieces) {
      if ('source' in piece) {
        out += piece.source;
        continue;
      }
      const value = piece.variable === '' ? undefined : single(context(piece.variable));
      if (value === undefined && piece.fallback === undefined) return undefined;
      out += escapeRegex(value ?? piece.fallback!);
    }
    return out;
  }

  test(value: string, context: ContextLookup, regexes: RegexCache): boolean {
    if (this.fixed) return this.fixed.test(value);
    const source = this.source(context);
    return source !== undefined && regexes.get(source).test(value);
  }
}
