/**
 * The general `$util` helpers, `$util.dynamodb`, the list/map/str/math helpers,
 * ids, JSON and Java regexes.
 */
import { describe, expect, it } from 'vitest';
import { TemplateError, TemplateRuntimeError } from '../../../../../local/appsync/runtime/types';
import { createMath, list, map, str, vtlDouble } from '../../../../../local/appsync/util/collections';
import { dynamodbHelpers, vtlDynamodb } from '../../../../../local/appsync/util/dynamodb';
import { error, validate } from '../../../../../local/appsync/util/errors';
import * as general from '../../../../../local/appsync/util/general';
import { copyHeaders, xmlToJsonString, xmlToMap } from '../../../../../local/appsync/util/http-xml';
import { autoId, autoKsuid, autoUlid } from '../../../../../local/appsync/util/ids';
import { javaMatches, javaReplaceAll, javaSplit } from '../../../../../local/appsync/util/java-regex';
import { parseJson, toJson } from '../../../../../local/appsync/util/json';
import { JavaDouble } from '../../../../../local/appsync/util/values';

describe('null, empty and type checks', () => {
  it('isNull / isNullOrEmpty / isNullOrBlank', () => {
    expect([null, undefined, '', 'a'].map(general.isNull)).toEqual([true, true, false, false]);
    expect([null, '', [], {}, ' ', [1], { a: 1 }, 0].map(general.isNullOrEmpty)).toEqual([true, true, true, true, false, false, false, false]);
    expect([null, '', '  \t', 'a', 0].map(general.isNullOrBlank)).toEqual([true, true, true, false, false]);
  });

  it('defaultIfNull / OrEmpty / OrBlank', () => {
    expect(general.defaultIfNull(null, 'd')).toBe('d');
    expect(general.defaultIfNull('', 'd')).toBe('');
    expect(general.defaultIfNullOrEmpty('', 'd')).toBe('d');
    expect(general.defaultIfNullOrBlank('  ', 'd')).toBe('d');
  });

  it('typeOf and the is* checks', () => {
    expect([null, 1, new JavaDouble(2), 'a', true, [1], { a: 1 }].map(general.typeOf)).toEqual(['Null', 'Number', 'Number', 'String', 'Boolean', 'List', 'Map']);
    expect([general.isString('a'), general.isNumber(1.5), general.isBoolean(false), general.isList([]), general.isMap({})]).toEqual([true, true, true, true, true]);
  });
});

describe('encoding', () => {
  it('escapeJavaScript escapes quotes, slashes, control characters and non-ASCII', () => {
    expect(general.escapeJavaScript('It\'s "a" /path\\\n\tÉ☃')).toBe('It\\\'s \\"a\\" \\/path\\\\\\n\\tÉ'.replace('É', '\\u00C9') + '\\u2603');
  });

  it('urlEncode and urlDecode as Java’s URLEncoder/URLDecoder', () => {
    expect(general.urlEncode("a b&c=d/é*~'")).toBe('a+b%26c%3Dd%2F%C3%A9*%7E%27');
    expect(general.urlDecode('a+b%26c%3Dd%2F%C3%A9')).toBe('a b&c=d/é');
  });

  it('base64 of UTF-8 text', () => {
    expect(general.base64Encode('héllo')).toBe('aMOpbGxv');
    expect(general.base64Decode('aMOpbGxv')).toBe('héllo');
  });

  it('matches needs the whole input to match (Java)', () => {
    expect(general.matches('a*b', 'aaaaab')).toBe(true);
    expect(general.matches('a*b', 'aaaaabc')).toBe(false);
  });
});

describe('ids', () => {
  it('autoId is a version 4 UUID', () => {
    expect(autoId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('autoUlid is 26 Crockford base32 characters and sorts by time', () => {
    const early = autoUlid(1_600_000_000_000);
    const late = autoUlid(1_700_000_000_000);
    expect(early).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(early.slice(0, 10) < late.slice(0, 10)).toBe(true);
    expect(early.slice(0, 10)).toBe('01EJ3PX000');
  });

  it('autoKsuid is 27 base62 characters', () => {
    expect(autoKsuid()).toMatch(/^[0-9A-Za-z]{27}$/);
  });
});

describe('errors', () => {
  it('error throws a TemplateError; validate throws when the condition is false', () => {
    expect(() => error('Bad', 'Custom')).toThrow(new TemplateError({ message: 'Bad', errorType: 'Custom' }));
    expect(() => validate(false, 'Invalid')).toThrow(new TemplateError({ message: 'Invalid', errorType: 'CustomTemplateException' }));
    expect(() => validate(true, 'Invalid')).not.toThrow();
  });
});

describe('JSON', () => {
  it('toJson writes Java doubles, skips undefined members, refuses what is not JSON', () => {
    expect(toJson({ a: new JavaDouble(2), b: 0.5, c: undefined, d: [null, 'x'] })).toBe('{"a":2.0,"b":0.5,"d":[null,"x"]}');
    expect(() => toJson({ f: () => 1 })).toThrow(TemplateRuntimeError);
  });

  it('parseJson parses JSON; text that is not JSON, and a non-String, give null (AppSync does not fail the field)', () => {
    expect(parseJson('{"a":[1]}')).toEqual({ a: [1] });
    expect(parseJson('"x"')).toBe('x');
    expect(parseJson('{oops')).toBeNull();
    // A Gen 2 owner claim: the generated owner checks ask $util.isList($util.parseJson($claim)).
    expect(parseJson('3f1c7a0e-1b2d-4c5e-8f9a-0b1c2d3e4f5a::3f1c7a0e-1b2d-4c5e-8f9a-0b1c2d3e4f5a')).toBeNull();
    expect(parseJson(null)).toBeNull();
    expect(parseJson({ a: 1 })).toBeNull();
  });
});

describe('$util.dynamodb', () => {
  it('toDynamoDB of every kind of value', () => {
    expect(dynamodbHelpers.toDynamoDB({ s: 'a', n: 1, d: new JavaDouble(2), b: true, z: null, l: ['x', 1], m: { k: 'v' } })).toEqual({
      M: { s: { S: 'a' }, n: { N: 1 }, d: { N: 2 }, b: { BOOL: true }, z: { NULL: true }, l: { L: [{ S: 'x' }, { N: 1 }] }, m: { M: { k: { S: 'v' } } } },
    });
  });

  it('the typed helpers and their Json variants', () => {
    const ddb = vtlDynamodb();
    expect(ddb.toStringSet(['a', 'b'])).toEqual({ SS: ['a', 'b'] });
    expect(ddb.toNumberSet([1, 2])).toEqual({ NS: [1, 2] });
    expect(ddb.toBinary('AQ==')).toEqual({ B: 'AQ==' });
    expect(ddb.toNull()).toEqual({ NULL: null });
    expect(ddb.toMapValues({ id: 'x' })).toEqual({ id: { S: 'x' } });
    expect(ddb.toDynamoDBJson('a')).toBe('{"S":"a"}');
    expect(ddb.toMapValuesJson({ n: 1 })).toBe('{"n":{"N":1}}');
    expect(() => ddb.toStringSet(['a', 1])).toThrow('item 1 must be a String');
  });

  it('S3 objects as string attributes and back', () => {
    const stored = dynamodbHelpers.toS3Object('foo', 'bar', 'baz', 'v1');
    expect(stored).toEqual({ S: '{"s3":{"key":"foo","bucket":"bar","region":"baz","version":"v1"}}' });
    expect(dynamodbHelpers.fromS3ObjectJson(stored.S)).toEqual({ key: 'foo', bucket: 'bar', region: 'baz', version: 'v1' });
  });
});

describe('$util.list, $util.map, $util.str, $util.math', () => {
  it('list copies and sorts', () => {
    expect(list.copyAndRetainAll([1, 2, 3, { a: 1 }], [3, 1, { a: 1 }])).toEqual([1, 3, { a: 1 }]);
    expect(list.copyAndRemoveAll(['a', 'b', 'c'], ['b'])).toEqual(['a', 'c']);
    expect(list.sortList([{ n: 2 }, { n: 1 }, { n: 3 }], true, 'n')).toEqual([{ n: 3 }, { n: 2 }, { n: 1 }]);
    expect(list.sortList(['b', 'a'], false, 'any')).toEqual(['a', 'b']);
    expect(list.sortList([1, 'a'], false, 'any')).toEqual([1, 'a']);
  });

  it('map copies', () => {
    expect(map.copyAndRetainAllKeys({ a: 1, b: 2, c: 3 }, ['a', 'c'])).toEqual({ a: 1, c: 3 });
    expect(map.copyAndRemoveAllKeys({ a: 1, b: 2 }, ['a'])).toEqual({ b: 2 });
  });

  it('str helpers', () => {
    expect(str.toUpper('abc')).toBe('ABC');
    expect(str.toLower('ABC')).toBe('abc');
    expect(str.toReplace('a.b.c', '.', '-')).toBe('a-b-c');
    expect(str.normalize('e\u0301', 'nfc')).toBe('é');
    expect(() => str.normalize('x', 'nfx')).toThrow('nfc, nfd, nfkc or nfkd');
  });

  it('math helpers; VTL keeps Double results as Doubles', () => {
    const math = createMath(vtlDouble);
    expect(math.roundNum(2.5)).toBe(3);
    expect(math.minVal(1, 2)).toEqual(new JavaDouble(1));
    expect(math.maxVal(1.5, 2.5)).toBe(2.5);
    const roll = math.randomWithinRange(3, 5);
    expect(roll >= 3 && roll <= 5 && Number.isInteger(roll)).toBe(true);
    const random = createMath().randomDouble() as number;
    expect(random >= 0 && random < 1).toBe(true);
  });
});

describe('Java regular expressions', () => {
  it('split drops trailing empty strings and never returns captured groups', () => {
    expect(javaSplit('a,b,,', ',')).toEqual(['a', 'b']);
    expect(javaSplit(',a', ',')).toEqual(['', 'a']);
    expect(javaSplit('a1b2c', '(\\d)')).toEqual(['a', 'b', 'c']);
    expect(javaSplit('a:b:c', ':', 2)).toEqual(['a', 'b:c']);
    expect(javaSplit('owner::alice', '::')).toEqual(['owner', 'alice']);
  });

  it('replaceAll with Java group references; \\Q…\\E quoting; anchors', () => {
    expect(javaReplaceAll('2018-02-06', '(\\d+)-(\\d+)-(\\d+)', '$3/$2/$1')).toBe('06/02/2018');
    expect(javaReplaceAll('a.b', '\\Q.\\E', '!')).toBe('a!b');
    expect(javaReplaceAll('x AND ', 'AND $', '')).toBe('x ');
    expect(javaMatches('\\p{Alpha}+\\d', 'abc1')).toBe(true);
  });

  it('Java-only constructs with no JavaScript equivalent fail loudly', () => {
    expect(() => javaMatches('a++', 'aa')).toThrow('Possessive quantifiers');
    expect(() => javaMatches('(?>a)', 'a')).toThrow('Atomic groups');
    expect(() => javaReplaceAll('a', 'a', '$x')).toThrow('Illegal group reference');
  });
});

describe('$util.http and $util.xml', () => {
  it('copyHeaders leaves out the restricted headers', () => {
    expect(copyHeaders({ Host: 'h', 'content-length': '3', Connection: 'x', 'x-api-key': 'k', authorization: 'a' })).toEqual({ 'x-api-key': 'k', authorization: 'a' });
  });

  it('xml.toMap: the documented example, repeated elements as lists, attributes and text, typed values', () => {
    expect(xmlToMap('<?xml version="1.0" encoding="UTF-8"?>\n<posts>\n<post>\n<id>1</id>\n<title>Getting started with GraphQL</title>\n</post>\n</posts>')).toEqual({
      posts: { post: { id: 1, title: 'Getting started with GraphQL' } },
    });
    expect(xmlToMap('<r><i n="1">a</i><i n="2">true</i><e/></r>')).toEqual({ r: { i: [{ n: 1, content: 'a' }, { n: 2, content: true }], e: '' } });
    expect(xmlToJsonString('<a><b>x</b></a>')).toBe('{"a":{"b":"x"}}');
    expect(() => xmlToMap('<a><b></a>')).toThrow('not well-formed XML');
  });
});
