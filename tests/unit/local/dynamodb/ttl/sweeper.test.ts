import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StreamStore } from '../../../../../local/dynamodb/streams/stream-store';
import { isExpired, TimeToLiveSweeper } from '../../../../../local/dynamodb/ttl/sweeper';
import { Reporter } from '../../../../../local/reporter';
import { createTable, item, n, openDatabase, read, s, write, type TestDatabase } from '../factories';

const YEAR_S = 365 * 24 * 60 * 60;

describe('Time to Live', () => {
  describe('isExpired', () => {
    const now = Date.UTC(2026, 5, 1);
    const nowS = now / 1000;
    it.each([
      ['a past epoch-seconds Number', { ttl: n(nowS - 1) }, true],
      ['exactly now', { ttl: n(nowS) }, true],
      ['a future Number', { ttl: n(nowS + 60) }, false],
      ['more than five years past (DynamoDB ignores those)', { ttl: n(nowS - 5 * YEAR_S - 10) }, false],
      ['a String', { ttl: s(String(nowS - 1)) }, false],
      ['absent', {}, false],
      ['milliseconds by mistake (far future)', { ttl: n(now - 1000) }, false],
    ])('%s → %s', (_label, attributes, expected) => {
      expect(isExpired(item('a', attributes), 'ttl', now)).toBe(expected);
    });
  });

  describe('the sweeper', () => {
    let test: TestDatabase;
    let sweeper: TimeToLiveSweeper;
    beforeEach(async () => {
      test = await openDatabase();
      await createTable(test, 'sessions', { viewType: 'NEW_AND_OLD_IMAGES' });
      await test.database.setMeta('sessions', { ...test.database.meta('sessions'), ttl: { attributeName: 'expiresAt' } });
      sweeper = new TimeToLiveSweeper(test.database, new Reporter({ level: 'silent' }).for('dynamodb'), () => test.clock.now, 60_000);
    });
    afterEach(async () => {
      await sweeper.stop();
      await test.database.close();
    });

    it('deletes expired items (and their index entries) with a REMOVE record made by the service, and keeps the rest', async () => {
      // Prepare
      const nowS = Math.floor(test.clock.now / 1000);
      await write(test, 'PutItem', { TableName: 'sessions', Item: item('old', { expiresAt: n(nowS - 10), colour: s('red') }) });
      await write(test, 'PutItem', { TableName: 'sessions', Item: item('live', { expiresAt: n(nowS + 3600), colour: s('red') }) });
      await write(test, 'PutItem', { TableName: 'sessions', Item: item('forever', { colour: s('red') }) });

      // Act
      const deleted = await sweeper.sweep();

      // Assess
      expect(deleted).toBe(1);
      const left = await read(test, 'Query', { TableName: 'sessions', IndexName: 'byColour', KeyConditionExpression: 'colour = :c', ExpressionAttributeValues: { ':c': s('red') } });
      expect((left.Items as { pk: { S: string } }[]).map((i) => i.pk.S).sort()).toEqual(['forever', 'live']);
      const records = await new StreamStore(test.database, new Reporter({ level: 'silent' }).for('x'), () => test.clock.now).read(test.database.meta('sessions').stream!.arn, undefined, 10);
      const removal = records.at(-1)!;
      expect(removal).toMatchObject({ eventName: 'REMOVE', userIdentity: { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' }, dynamodb: { Keys: item('old') } });
      expect(records.slice(0, -1).every((record) => record.userIdentity === undefined)).toBe(true);
    });

    it('deletes an item once its time comes, not before', async () => {
      // Prepare
      const nowS = Math.floor(test.clock.now / 1000);
      await write(test, 'PutItem', { TableName: 'sessions', Item: item('soon', { expiresAt: n(nowS + 30) }) });

      // Act
      const before = await sweeper.sweep();
      test.clock.now += 31_000;
      const after = await sweeper.sweep();

      // Assess
      expect([before, after]).toEqual([0, 1]);
      expect(await read(test, 'GetItem', { TableName: 'sessions', Key: item('soon') })).toEqual({});
    });

    it('does nothing for tables without Time to Live', async () => {
      // Prepare
      await createTable(test, 'plain');
      await write(test, 'PutItem', { TableName: 'plain', Item: item('x', { expiresAt: n(1) }) });

      // Act
      await sweeper.sweep();

      // Assess
      expect((await read(test, 'GetItem', { TableName: 'plain', Key: item('x') })).Item).toBeDefined();
    });
  });
});
