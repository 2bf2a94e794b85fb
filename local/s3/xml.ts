/**
 * S3's XML: responses are written directly (they are small and fixed in shape);
 * request bodies (DeleteObjects, CompleteMultipartUpload) are parsed with
 * fast-xml-parser, keeping every value a string (`<Key>007</Key>` is a key, not 7).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { malformedXml } from './errors';
import { xmlElement } from './xml-text';

export { escapeXml, xmlElement } from './xml-text';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** `<Name>value</Name>` when value is defined, '' otherwise. */
export function optionalElement(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : xmlElement(name, value);
}

/** A response document with S3's namespace on the root element. */
export function xmlDocument(root: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_XMLNS}">${inner}</${root}>`;
}

/** ISO 8601 with milliseconds, as S3 writes `LastModified` in XML. */
export function xmlTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  // Lists that may hold one item must still parse as lists.
  isArray: (name) => name === 'Object' || name === 'Part',
});

/**
 * Parses a request body; MalformedXML when it is not well-formed, declares a document type
 * (S3 reads no DTDs: no entities of the client's own, no external references), nests past
 * the parser's depth, or its root element is not `root`.
 */
export function parseRequestXml(body: Buffer, root: string): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '' || /<!DOCTYPE/i.test(text) || XMLValidator.validate(text) !== true) throw malformedXml();
  let parsed: Record<string, unknown>;
  try {
    parsed = parser.parse(text) as Record<string, unknown>;
  } catch {
    throw malformedXml();
  }
  const element = parsed[root];
  if (element === undefined) throw malformedXml();
  // `<Delete></Delete>` parses as '' — an element with no children.
  return typeof element === 'object' && element !== null ? (element as Record<string, unknown>) : {};
}

/** A parsed element that may occur once or many times (or not at all), as a list. */
export function xmlList(value: unknown): unknown[] {
  return value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];
}
