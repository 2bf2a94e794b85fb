/**
 * Request bodies S3 reads as XML (DeleteObjects, CompleteMultipartUpload): anything that is
 * not a plain, well-formed document of the expected root is MalformedXML, never a 500.
 */
import { describe, expect, it } from 'vitest';
import { S3Error } from '../../../../local/s3/errors';
import { parseRequestXml } from '../../../../local/s3/xml';

const parse = (text: string) => parseRequestXml(Buffer.from(text), 'Delete');

describe('parseRequestXml', () => {
  it('reads a Delete document, entities of XML itself decoded, one Object still a list', () => {
    expect(parse('<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a&amp;b</Key></Object></Delete>')).toEqual({ Object: [{ Key: 'a&b' }] });
  });

  it.each([
    ['an internal entity', '<!DOCTYPE Delete [<!ENTITY a "aaaa">]><Delete><Object><Key>&a;</Key></Object></Delete>'],
    ['nested entities (billion laughs)', '<!DOCTYPE x [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Delete><Object><Key>&b;</Key></Object></Delete>'],
    ['an external reference', '<!DOCTYPE Delete SYSTEM "file:///etc/passwd"><Delete><Object><Key>k</Key></Object></Delete>'],
    ['5,000 nested elements', `<Delete><Object><Key>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</Key></Object></Delete>`],
    ['another root', '<Remove><Object><Key>k</Key></Object></Remove>'],
    ['text that is not XML', 'Delete: k'],
    ['an unclosed element', '<Delete><Object><Key>k</Key></Object>'],
  ])('%s is MalformedXML', (_name, text) => {
    let error: unknown;
    try {
      parse(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(S3Error);
    expect((error as S3Error).code).toBe('MalformedXML');
    expect((error as S3Error).statusCode).toBe(400);
  });
});
