/**
 * User metadata values (`x-amz-meta-*`) beyond US-ASCII, as S3 documents them: values are
 * stored as text, decoded from RFC 2047 encoded-words when sent that way, and returned
 * RFC 2047-encoded ("mail-safe") when they hold anything outside US-ASCII; ASCII values
 * travel unchanged.
 *
 * Node hands header values over decoded as latin1, one char per byte. Clients send UTF-8
 * (the SDKs, curl, browsers' fetch refuse anything else), so the bytes are read as UTF-8
 * when they are valid UTF-8, and as latin1 otherwise.
 */
import { isUtf8 } from 'node:buffer';

const ENCODED_WORD = /^=\?([^?]+)\?([BbQq])\?([^?]*)\?=$/;

function decodeWord(word: string): string | undefined {
  const match = ENCODED_WORD.exec(word);
  if (!match) return undefined;
  const [, charset, encoding, text] = match;
  const encodingName = charset.toLowerCase();
  if (encodingName !== 'utf-8' && encodingName !== 'iso-8859-1' && encodingName !== 'us-ascii') return undefined;
  const bytes =
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  return bytes.toString(encodingName === 'utf-8' ? 'utf8' : 'latin1');
}

/** The text of a metadata header value as it arrived (latin1-decoded by Node). */
export function metadataValueFromHeader(raw: string): string {
  const bytes = Buffer.from(raw, 'latin1');
  const text = isUtf8(bytes) ? bytes.toString('utf8') : raw;
  // Encoded-words separated by whitespace join without it (RFC 2047 §6.2).
  const words = text.trim().split(/\s+/);
  const decoded = words.map(decodeWord);
  return decoded.every((word) => word !== undefined) && words[0] !== '' ? decoded.join('') : text;
}

/** The header value S3 returns for a stored metadata value. */
export function metadataValueForHeader(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(value)) return value;
  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}
