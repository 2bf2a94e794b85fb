/**
 * XML text as S3 writes it: escaping and single elements. Below both errors.ts (whose errors
 * render themselves) and xml.ts (which parses request bodies and refuses with those errors).
 */

/** Escapes text for an XML element (keys may hold any Unicode, `&`, `<`, quotes…). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[c]!);
}

export function xmlElement(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
