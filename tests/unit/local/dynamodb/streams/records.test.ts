import { describe, expect, it } from 'vitest';
import { formatSequence, streamRecordOf, toLambdaStreamRecord, TTL_IDENTITY, type StreamViewType } from '../../../../../local/dynamodb/streams/records';
import type { AttributeMap } from '../../../../../local/dynamodb/types';

const keySchema = [{ AttributeName: 'pk', KeyType: 'HASH' as const }];
const before: AttributeMap = { pk: { S: 'a' }, colour: { S: 'red' } };
const after: AttributeMap = { pk: { S: 'a' }, colour: { S: 'blue' } };
const at = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

const recordOf = (viewType: StreamViewType, oldImage?: AttributeMap, newImage?: AttributeMap) =>
  streamRecordOf({ tableName: 't', oldImage, newImage }, { viewType, keySchema }, formatSequence(7n), at);

describe('stream records', () => {
  it.each([
    ['KEYS_ONLY', undefined, undefined],
    ['NEW_IMAGE', after, undefined],
    ['OLD_IMAGE', undefined, before],
    ['NEW_AND_OLD_IMAGES', after, before],
  ] as const)('a MODIFY record with view type %s carries the keys and exactly the images it asks for', (viewType, newImage, oldImage) => {
    // Act
    const record = recordOf(viewType, before, after);

    // Assess
    expect(record.eventName).toBe('MODIFY');
    expect(record.dynamodb.Keys).toEqual({ pk: { S: 'a' } });
    expect(record.dynamodb.NewImage).toEqual(newImage);
    expect(record.dynamodb.OldImage).toEqual(oldImage);
    expect(record.dynamodb.StreamViewType).toBe(viewType);
  });

  it('INSERT has no old image and REMOVE no new image, even with NEW_AND_OLD_IMAGES', () => {
    // Act
    const insert = recordOf('NEW_AND_OLD_IMAGES', undefined, after);
    const remove = recordOf('NEW_AND_OLD_IMAGES', before, undefined);

    // Assess
    expect(insert).toMatchObject({ eventName: 'INSERT', dynamodb: { NewImage: after } });
    expect(insert.dynamodb).not.toHaveProperty('OldImage');
    expect(remove).toMatchObject({ eventName: 'REMOVE', dynamodb: { OldImage: before, Keys: { pk: { S: 'a' } } } });
    expect(remove.dynamodb).not.toHaveProperty('NewImage');
  });

  it("has DynamoDB Streams' envelope: source, version, region, time in whole epoch seconds, size, a fixed-width sequence number", () => {
    // Act
    const record = recordOf('NEW_IMAGE', undefined, after);

    // Assess
    expect(record).toMatchObject({ eventSource: 'aws:dynamodb', eventVersion: '1.1', awsRegion: 'us-east-1' });
    expect(record.eventID).toMatch(/^[0-9a-f]{32}$/);
    expect(record.dynamodb.ApproximateCreationDateTime).toBe(Math.floor(at / 1000));
    expect(record.dynamodb.SequenceNumber).toBe('000000000000000000007');
    expect(record.dynamodb.SizeBytes).toBeGreaterThan(0);
    expect(record).not.toHaveProperty('userIdentity');
  });

  it("marks Time to Live's deletions, and Lambda's form spells the identity its own way", () => {
    // Prepare
    const record = streamRecordOf({ tableName: 't', oldImage: before, newImage: undefined }, { viewType: 'KEYS_ONLY', keySchema }, formatSequence(1n), at, TTL_IDENTITY);

    // Act
    const lambda = toLambdaStreamRecord(record, 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x');

    // Assess
    expect(record.userIdentity).toEqual({ PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' });
    expect(lambda.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
    expect(lambda.eventSourceARN).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x');
    expect(lambda.dynamodb).toBe(record.dynamodb);
  });

  it('orders sequence numbers as strings the way it orders them as numbers', () => {
    expect(formatSequence(9n) < formatSequence(10n)).toBe(true);
    expect(formatSequence(99999n) < formatSequence(100000n)).toBe(true);
  });
});
