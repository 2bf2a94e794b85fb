/**
 * The parts of a request as Lambda proxy events carry them (headers, query strings, body),
 * shared by the REST API event and the HTTP API's payload formats 1.0 and 2.0.
 */

/** Header values by name; repeated headers as a list, in order. */
export function multiValueHeaders(pairs: readonly (readonly [string, string])[], lowercase: boolean): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const names = new Map<string, string>();
  for (const [name, value] of pairs) {
    // One key per header whatever the case it came in: the first spelling seen.
    const key = lowercase ? name.toLowerCase() : (names.get(name.toLowerCase()) ?? name);
    names.set(name.toLowerCase(), key);
    (out[key] ??= []).push(value);
  }
  return out;
}

/** One value per header: the last one (REST APIs and payload 1.0), or all joined with commas (payload 2.0). */
export function singleValueHeaders(multi: Record<string, string[]>, repeated: 'last' | 'comma'): Record<string, string> {
  return Object.fromEntries(Object.entries(multi).map(([name, values]) => [name, repeated === 'last' ? values[values.length - 1] : values.join(',')]));
}

/** Query string values by name, decoded, repeated names as a list; undefined when the query is empty. */
export function multiValueQuery(query: URLSearchParams): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  for (const [name, value] of query) (out[name] ??= []).push(value);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** One value per query name: the last one, or all joined with commas (payload 2.0). */
export function singleValueQuery(multi: Record<string, string[]> | undefined, repeated: 'last' | 'comma'): Record<string, string> | undefined {
  if (!multi) return undefined;
  return Object.fromEntries(Object.entries(multi).map(([name, values]) => [name, repeated === 'last' ? values[values.length - 1] : values.join(',')]));
}

/** The first media type of a `Content-Type` or `Accept` value, lower-cased, parameters dropped. */
export function mediaType(value: string | undefined): string | undefined {
  const first = value?.split(',')[0]?.split(';')[0]?.trim().toLowerCase();
  return first ? first : undefined;
}

/** Whether a media type matches a pattern of a binary media types list (`image/*`, `*\/*`). */
export function matchesMediaType(type: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const [major, minor] = pattern.toLowerCase().split('/');
    const [typeMajor, typeMinor] = type.split('/');
    return (major === '*' || major === typeMajor) && (minor === '*' || minor === typeMinor);
  });
}

/** A body as an event carries it: text, or base64 when binary. */
export function eventBody(body: Buffer, binary: boolean): { body: string; isBase64Encoded: boolean } {
  return binary ? { body: body.toString('base64'), isBase64Encoded: true } : { body: body.toString('utf8'), isBase64Encoded: false };
}
