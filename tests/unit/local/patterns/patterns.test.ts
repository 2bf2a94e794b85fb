import { describe, expect, it } from 'vitest';
import { compilePattern, matchesPattern, PatternSyntaxError } from '../../../../local/patterns';

/** An event as EventBridge delivers it, with `detail` given. */
const event = (detail: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail,
  ...extra,
});

const matches = (pattern: unknown, candidate: unknown) => matchesPattern(compilePattern(JSON.stringify(pattern)), candidate);
const refusal = (pattern: string) => {
  try {
    compilePattern(pattern);
  } catch (error) {
    if (error instanceof PatternSyntaxError) return error;
    throw error;
  }
  throw new Error(`compiled: ${pattern}`);
};

describe('event patterns: matching (the EventBridge user guide examples)', () => {
  it('exact values, arrays as OR, fields as AND, nested paths', () => {
    expect(matches({ source: ['aws.ec2'], detail: { state: ['running'] } }, event({ state: 'running' }))).toBe(true);
    expect(matches({ source: ['aws.ec2'], detail: { state: ['stopped', 'running'] } }, event({ state: 'running' }))).toBe(true);
    expect(matches({ source: ['aws.s3'], detail: { state: ['running'] } }, event({ state: 'running' }))).toBe(false);
    expect(matches({ detail: { state: ['running'] } }, event({ state: 'pending' }))).toBe(false);
    expect(matches({ detail: { a: { b: { c: [true] } } } }, event({ a: { b: { c: true } } }))).toBe(true);
    expect(matches({ detail: { n: [5] } }, event({ n: 5.0 }))).toBe(true);
    expect(matches({ detail: { n: [5] } }, event({ n: '5' }))).toBe(false);
    expect(matches({ detail: { x: [null] } }, event({ x: null }))).toBe(true);
    expect(matches({ detail: { x: [null] } }, event({}))).toBe(false);
  });

  it('an array in the event matches when any element does', () => {
    expect(matches({ resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0', 'other'] }, event({}))).toBe(true);
    expect(matches({ detail: { tags: ['prod'] } }, event({ tags: ['dev', 'prod'] }))).toBe(true);
    expect(matches({ detail: { tags: ['qa'] } }, event({ tags: ['dev', 'prod'] }))).toBe(false);
  });

  it('fields of a sub-pattern over an array of objects come from one element', () => {
    const detail = { items: [{ name: 'a', size: 1 }, { name: 'b', size: 2 }] };
    expect(matches({ detail: { items: { name: ['a'], size: [1] } } }, event(detail))).toBe(true);
    expect(matches({ detail: { items: { name: ['a'], size: [2] } } }, event(detail))).toBe(false);
  });

  it('prefix, suffix, equals-ignore-case and their ignore-case forms', () => {
    expect(matches({ time: [{ prefix: '2017-12-22' }] }, event({}))).toBe(true);
    expect(matches({ detail: { f: [{ suffix: '.png' }] } }, event({ f: 'cat.png' }))).toBe(true);
    expect(matches({ detail: { f: [{ suffix: '.png' }] } }, event({ f: 'cat.PNG' }))).toBe(false);
    expect(matches({ detail: { f: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, event({ f: 'cat.PNG' }))).toBe(true);
    expect(matches({ detail: { s: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }, event({ s: 'eventbridge' }))).toBe(true);
    expect(matches({ detail: { s: [{ 'equals-ignore-case': 'alice' }] } }, event({ s: 'ALICE' }))).toBe(true);
    expect(matches({ detail: { s: [{ prefix: '1' }] } }, event({ s: 12 }))).toBe(false);
  });

  it('anything-but: values, lists, and its prefix, suffix, ignore-case and wildcard forms; absent fields do not match', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, event({ state: 'running' }))).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, event({ state: 'initializing' }))).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, event({}))).toBe(false);
    expect(matches({ detail: { n: [{ 'anything-but': [100, 200] }] } }, event({ n: 200 }))).toBe(false);
    expect(matches({ detail: { n: [{ 'anything-but': [100, 200] }] } }, event({ n: 300 }))).toBe(true);
    expect(matches({ detail: { r: [{ 'anything-but': { prefix: 'us-' } }] } }, event({ r: 'us-east-1' }))).toBe(false);
    expect(matches({ detail: { r: [{ 'anything-but': { prefix: 'us-' } }] } }, event({ r: 'eu-west-1' }))).toBe(true);
    expect(matches({ detail: { f: [{ 'anything-but': { suffix: '.png' } }] } }, event({ f: 'a.jpg' }))).toBe(true);
    expect(matches({ detail: { s: [{ 'anything-but': { 'equals-ignore-case': ['a', 'b'] } }] } }, event({ s: 'B' }))).toBe(false);
    expect(matches({ detail: { p: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }, event({ p: '/usr/lib/x' }))).toBe(false);
    expect(matches({ detail: { p: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }, event({ p: '/usr/bin/x' }))).toBe(true);
  });

  it('numeric ranges and equality', () => {
    const pattern = { detail: { c: [{ numeric: ['>', 0, '<=', 5] }] } };
    expect(matches(pattern, event({ c: 5 }))).toBe(true);
    expect(matches(pattern, event({ c: 0 }))).toBe(false);
    expect(matches(pattern, event({ c: '3' }))).toBe(false);
    expect(matches({ detail: { x: [{ numeric: ['=', 301.8] }] } }, event({ x: 3.018e2 }))).toBe(true);
    expect(matches({ detail: { x: [{ numeric: ['<', 10] }] } }, event({ x: -3 }))).toBe(true);
    expect(matches({ detail: { x: [{ numeric: ['>=', 10] }] } }, event({ x: 9.99 }))).toBe(false);
  });

  it('exists works on leaves: true for present values (null included), false for absent ones', () => {
    expect(matches({ detail: { c: [{ exists: true }] } }, event({ c: null }))).toBe(true);
    expect(matches({ detail: { c: [{ exists: true }] } }, event({}))).toBe(false);
    expect(matches({ detail: { c: [{ exists: false }] } }, event({}))).toBe(true);
    expect(matches({ detail: { c: [{ exists: false }] } }, event({ c: 'x' }))).toBe(false);
    expect(matches({ detail: { c: [{ exists: true }] } }, event({ c: { d: 1 } }))).toBe(false);
    expect(matches({ detail: { a: { b: [{ exists: false }] } } }, event({}))).toBe(true);
  });

  it('CIDR blocks, IPv4 and IPv6', () => {
    expect(matches({ detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, event({ ip: '10.0.0.255' }))).toBe(true);
    expect(matches({ detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, event({ ip: '10.0.1.0' }))).toBe(false);
    expect(matches({ detail: { ip: [{ cidr: '2001:db8::/32' }] } }, event({ ip: '2001:db8:0:0:1::1' }))).toBe(true);
  });

  it('wildcards, with escapes', () => {
    expect(matches({ detail: { k: [{ wildcard: 'dir/*.png' }] } }, event({ k: 'dir/a/b.png' }))).toBe(true);
    expect(matches({ detail: { k: [{ wildcard: 'a\\*b' }] } }, event({ k: 'a*b' }))).toBe(true);
    expect(matches({ detail: { k: [{ wildcard: 'a\\*b' }] } }, event({ k: 'axb' }))).toBe(false);
  });

  it('$or between objects, beside other fields', () => {
    const pattern = { source: ['aws.ec2'], detail: { $or: [{ c: [{ numeric: ['>', 0, '<=', 5] }] }, { d: [{ numeric: ['<', 10] }] }] } };
    expect(matches(pattern, event({ c: 3 }))).toBe(true);
    expect(matches(pattern, event({ d: 3 }))).toBe(true);
    expect(matches(pattern, event({ c: 30, d: 30 }))).toBe(false);
  });
});

describe('event patterns: refusals, worded and placed as AWS words them', () => {
  it('an empty object (the answer AWS gave, with its position)', () => {
    const pattern = '{"source": ["aws.health"], "detail": {}}';
    expect(refusal(pattern).message).toBe(`Empty objects are not allowed\n at [Source: (String)"${pattern}"; line: 1, column: 40]`);
  });

  it('a string value where an object or array belongs stands after its opening quote', () => {
    const pattern = '{\n  "detail": {\n    "pipeline": {\n      "slug": "some-pipeline"\n    }\n  }\n}';
    expect(refusal(pattern).reason).toBe('"slug" must be an object or an array');
    expect(refusal(pattern).location).toMatch(/; line: 4, column: 16]$/);
  });

  it.each([
    ['[]', 'Filter is not an object'],
    ['{"a": []}', 'Empty arrays are not allowed'],
    ['{"a": [[1]]}', 'Match value must be String, number, true, false, or null'],
    ['{"a": [{}]}', 'Match expression name not found'],
    ['{"a": [{"prefix": 1}]}', 'prefix match pattern must be a string'],
    ['{"a": [{"suffix": ["x"]}]}', 'suffix match pattern must be a string'],
    ['{"a": [{"prefix": "x", "suffix": "y"}]}', 'Only one key allowed in match expression'],
    ['{"a": [{"numeric": 5}]}', 'Value of numeric must be an array.'],
    ['{"a": [{"numeric": [">", "x"]}]}', 'Value of > must be numeric'],
    ['{"a": [{"numeric": ["~", 1]}]}', 'Unrecognized numeric range operator: ~'],
    ['{"a": [{"numeric": [">", 1, ">", 2]}]}', 'Bad numeric range operator: >'],
    ['{"a": [{"numeric": ["<", 1, ">", 2]}]}', 'Too many elements in numeric expression'],
    ['{"a": [{"anything-but": true}]}', 'Value of anything-but must be an array or single string/number value.'],
    ['{"a": [{"anything-but": ["a", 1]}]}', 'Inside anything but list, either all values are number or string, mixed type is not supported'],
    ['{"a": [{"anything-but": {"regex": "a"}}]}', 'Unsupported anything-but pattern: regex'],
    ['{"a": [{"anything-but": {"prefix": ""}}]}', 'Null prefix/suffix not allowed'],
    ['{"a": [{"exists": "yes"}]}', 'exists match pattern must be either true or false.'],
    ['{"a": [{"cidr": "10.0.0.0"}]}', "Malformed CIDR, one '/' required"],
    ['{"a": [{"cidr": "10.0.0.0/40"}]}', 'IPv4 mask bits must be < 32'],
    ['{"a": [{"wildcard": "a**b"}]}', 'Consecutive wildcard characters at pos 1'],
    ['{"a": [{"wildcard": "a\\\\b"}]}', 'Invalid escape character at pos 1'],
    ['{"a": [{"regex": "x"}]}', 'Unrecognized match type regex'],
    ['{"a": "x"}', '"a" must be an object or an array'],
    ['{"$or": {"a": ["x"]}}', 'It must be an Array followed with $or.'],
    ['{"$or": [{"a": ["x"]}]}', 'There must have at least 2 Objects in $or relationship.'],
    ['{"$or": [{"a": ["x"]}, 1]}', 'Only JSON object is allowed in array of $or relationship.'],
    ['{"$or": [{"prefix": ["x"]}, {"a": ["y"]}]}', 'prefix is Ruler reserved fieldName which cannot be used inside $or.'],
  ])('%s: %s', (pattern, reason) => {
    expect(refusal(pattern).reason).toBe(reason);
  });

  it('malformed JSON is refused with the parser’s wording', () => {
    expect(refusal('{\\"detail\\": 1}').reason).toBe("Unexpected character ('\\' (code 92)): was expecting double-quote to start field name");
    expect(refusal('{"a" ["x"]}').reason).toBe("Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value");
    expect(refusal('{"a": ["x"]').reason).toMatch(/^Unexpected end-of-input: expected close marker for Object/);
  });
});
