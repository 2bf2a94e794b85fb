import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../../../../local/dynamodb/errors';
import { decodeShardIterator, encodeShardIterator } from '../../../../../local/dynamodb/streams/shard-iterator';

const streamArn = 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-01-01T00:00:00.000';

describe('shard iterators', () => {
  it('round-trip a position (and the lack of one) in an AWS-shaped string', () => {
    // Prepare
    const at = { streamArn, shardId: 'shardId-00000001767225600000-abcdef12', after: '000000000000000000042', issuedMs: 1234 };

    // Act
    const text = encodeShardIterator(at);

    // Assess
    expect(text.startsWith(`${streamArn}|1|`)).toBe(true);
    expect(decodeShardIterator(text)).toEqual(at);
    expect(decodeShardIterator(encodeShardIterator({ ...at, after: undefined }))).toEqual({ ...at, after: undefined });
  });

  it.each(['', 'nonsense', `${streamArn}|1|`, `${streamArn}|1|bm90IGpzb24`, `${streamArn}|2|e30`, `arn:aws:s3:::b|1|e30`, `${streamArn}|1|${Buffer.from('{"s":"x","a":"12a","t":1}').toString('base64url')}`])(
    'refuse %j with ValidationException "Invalid ShardIterator"',
    (text) => {
      expect(() => decodeShardIterator(text)).toThrow(ValidationException);
      expect(() => decodeShardIterator(text)).toThrow('Invalid ShardIterator');
    },
  );
});
