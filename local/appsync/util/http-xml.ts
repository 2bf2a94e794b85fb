import { XMLParser } from 'fast-xml-parser';
import { TemplateRuntimeError } from '../runtime/types';
import { toJson } from './json';
import { isList, isMap, isNullish, requireMap, requireString } from './values';

/**
 * `$util.http.copyHeaders` and `$util.xml`: request headers to forward to an HTTP
 * data source, and XML responses as maps.
 */

/** The hop-by-hop and framing headers AppSync never forwards. */
const RESTRICTED_HEADERS = new Set(['transfer-encoding', 'connection', 'host', 'expect', 'keep-alive', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'te', 'content-length']);

/** `copyHeaders(headers)`: a copy without the restricted headers. */
export function copyHeaders(headers: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(requireMap('$util.http.copyHeaders', headers))) {
    if (!RESTRICTED_HEADERS.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: 'content',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
});

/** Text to the value it reads as (numbers, booleans, null), as XML-to-JSON converters do. */
function typed(text: string): unknown {
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return Number(text);
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  return text;
}

function convert(value: unknown): unknown {
  if (typeof value === 'string') return typed(value);
  if (isList(value)) return value.map(convert);
  if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, convert(item)]));
  return value;
}

/**
 * `$util.xml.toMap(xml)`: elements become keys, repeated elements lists,
 * attributes keys beside the children, an element's own text `content`; numbers
 * and booleans are typed.
 * @example
 * toMap('<posts><post><id>1</id></post></posts>') // { posts: { post: { id: 1 } } }
 */
export function xmlToMap(xml: unknown): Record<string, unknown> | null {
  if (isNullish(xml)) return null;
  const text = requireString('$util.xml.toMap', xml);
  let parsed: unknown;
  try {
    parsed = parser.parse(text, true);
  } catch (error) {
    throw new TemplateRuntimeError(`$util.xml.toMap: the text is not well-formed XML (${(error as Error).message})`);
  }
  return convert(parsed) as Record<string, unknown>;
}

/** `$util.xml.toJsonString(xml)`: the same as JSON text. */
export function xmlToJsonString(xml: unknown): string {
  return toJson(xmlToMap(xml));
}
