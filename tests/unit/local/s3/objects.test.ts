import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../../local/s3/objects';

describe('parseRange', () => {
  it('reads first-last, open-ended and suffix ranges as [start, end)', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 10 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 100 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 100 });
    expect(parseRange('bytes=-1000', 100)).toEqual({ start: 0, end: 100 });
    expect(parseRange('bytes=95-200', 100)).toEqual({ start: 95, end: 100 });
  });

  it('ignores what S3 ignores (no header, other units, several ranges, last before first)', () => {
    expect(parseRange(undefined, 100)).toBeUndefined();
    expect(parseRange('items=0-1', 100)).toBeUndefined();
    expect(parseRange('bytes=0-1,5-6', 100)).toBeUndefined();
    expect(parseRange('bytes=5-1', 100)).toBeUndefined();
    expect(parseRange('bytes=-', 100)).toBeUndefined();
  });

  it('a range starting at or past the end, a zero suffix, or any range of an empty object is InvalidRange', () => {
    for (const [header, size] of [['bytes=100-', 100], ['bytes=100-200', 100], ['bytes=-0', 100], ['bytes=0-', 0], ['bytes=-5', 0]] as const) {
      expect(() => parseRange(header, size)).toThrow(expect.objectContaining({ code: 'InvalidRange', statusCode: 416 }));
    }
  });
});
