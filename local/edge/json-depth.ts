/**
 * Request bodies nested deeper than this are refused before they are parsed. JSON.parse
 * copes with any depth, but structuredClone, JSON.stringify and every recursive reader after
 * it overflow the stack a few thousand levels down; AWS's own JSON readers stop at 1,000
 * (Jackson's default). No request of any service the local cloud serves comes near.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Whether JSON text nests arrays and objects deeper than `limit`, by one linear scan of the
 * text (brackets inside strings do not count). Invalid JSON is left to the parser.
 * @example
 * jsonTooDeep('[[[]]]', 2); // true
 */
export function jsonTooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92) i++; // backslash: skip the escaped character
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 91 || code === 123) {
      if (++depth > limit) return true;
    } else if (code === 93 || code === 125) depth--;
  }
  return false;
}
