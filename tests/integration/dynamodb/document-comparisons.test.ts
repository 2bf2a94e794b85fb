/**
 * Comparisons of List, Map and Set values in condition and filter expressions, as DynamoDB's
 * documentation gives them ("Comparison operator and function reference"; the legacy
 * ComparisonOperator reference adds "EQ is supported for all data types, including lists and
 * maps", and NE likewise):
 * - `a = b` / `a <> b` compare whole documents: a List equals a List with the same elements in
 *   the same order; a Map equals a Map with the same keys and values, in any order; a Set
 *   equals a Set with the same members, in any order; different types are never equal.
 * - `a IN (b, c)` is true when `a` equals any operand.
 * - `contains(path, operand)` is true for a List that contains an element equal to the operand.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { clients, startCloud, tableName } from './helpers';

let cloud: LocalCloud;
let orders: string;
const db = () => clients(cloud).documents;

const ITEMS = [
  { customerId: 'luke', orderId: '1', appearsIn: ['NEWHOPE', 'EMPIRE', 'JEDI'], info: { planet: 'Tatooine', age: 19 }, tags: new Set(['pilot', 'jedi']) },
  { customerId: 'leia', orderId: '1', appearsIn: ['NEWHOPE', 'EMPIRE', 'JEDI'], info: { planet: 'Alderaan', age: 19 }, tags: new Set(['senator']) },
  { customerId: 'rey', orderId: '1', appearsIn: ['JEDI'], info: { age: 19, planet: 'Jakku' }, tags: new Set(['jedi', 'scavenger']) },
  { customerId: 'han', orderId: '1', appearsIn: ['EMPIRE', 'NEWHOPE'], info: { planet: 'Corellia', age: 32, ship: { name: 'Falcon' } }, nickname: null },
  { customerId: 'jabba', orderId: '1', appearsIn: 'JEDI' },
];

beforeAll(async () => {
  cloud = await startCloud({ fixture: true });
  orders = tableName(cloud, 'Orders');
  for (const Item of ITEMS) await db().send(new PutCommand({ TableName: orders, Item }));
});
afterAll(() => cloud?.stop());

it('has no root credentials to hand out when it runs without IAM, and says so', () => {
  // This cloud runs dynamodb alone: nothing checks a signature, so any keys would only look checked.
  expect(() => cloud.rootCredentials).toThrow(/without the iam service/);
});

async function matching(FilterExpression: string, values: Record<string, unknown>, names: Record<string, string> = {}): Promise<string[]> {
  const result = await db().send(new ScanCommand({
    TableName: orders,
    FilterExpression,
    ...(Object.keys(values).length && { ExpressionAttributeValues: values }),
    ...(Object.keys(names).length && { ExpressionAttributeNames: names }),
  }));
  return (result.Items ?? []).map((item) => item.customerId as string).sort();
}

describe('filters on List values', () => {
  it('= matches a List with the same elements in the same order only', async () => {
    expect(await matching('appearsIn = :v', { ':v': ['JEDI'] })).toEqual(['rey']);
    expect(await matching('appearsIn = :v', { ':v': ['NEWHOPE', 'EMPIRE', 'JEDI'] })).toEqual(['leia', 'luke']);
    expect(await matching('appearsIn = :v', { ':v': ['NEWHOPE', 'EMPIRE'] })).toEqual([]);
    expect(await matching('appearsIn = :v', { ':v': ['NEWHOPE', 'EMPIRE'].reverse() })).toEqual(['han']);
  });

  it('<> is its negation (a String attribute and a missing one are not equal to a List)', async () => {
    expect(await matching('appearsIn <> :v', { ':v': ['JEDI'] })).toEqual(['han', 'jabba', 'leia', 'luke']);
  });

  it('IN holds when any operand is equal', async () => {
    expect(await matching('appearsIn IN (:a, :b)', { ':a': ['JEDI'], ':b': ['EMPIRE', 'NEWHOPE'] })).toEqual(['han', 'rey']);
    expect(await matching('appearsIn IN (:a, :s)', { ':a': ['JEDI'], ':s': 'JEDI' })).toEqual(['jabba', 'rey']);
  });

  it('contains finds an element of a List', async () => {
    expect(await matching('contains(appearsIn, :e)', { ':e': 'EMPIRE' })).toEqual(['han', 'leia', 'luke']);
  });

  it('an element of a List compares by its path', async () => {
    expect(await matching('appearsIn[0] = :e', { ':e': 'EMPIRE' })).toEqual(['han']);
  });

  it('the empty List equals only an empty List', async () => {
    await db().send(new PutCommand({ TableName: orders, Item: { customerId: 'nobody', orderId: '1', appearsIn: [] } }));
    expect(await matching('appearsIn = :v', { ':v': [] })).toEqual(['nobody']);
    await db().send(new PutCommand({ TableName: orders, Item: { customerId: 'nobody', orderId: '1' } }));
  });
});

describe('filters on Map values', () => {
  it('= matches a Map with the same keys and values, in any order', async () => {
    expect(await matching('info = :v', { ':v': { age: 19, planet: 'Tatooine' } })).toEqual(['luke']);
    expect(await matching('info = :v', { ':v': { planet: 'Jakku', age: 19 } })).toEqual(['rey']);
    expect(await matching('info = :v', { ':v': { planet: 'Tatooine' } })).toEqual([]);
  });

  it('nested Maps compare whole, and <> is the negation', async () => {
    expect(await matching('info = :v', { ':v': { planet: 'Corellia', age: 32, ship: { name: 'Falcon' } } })).toEqual(['han']);
    expect(await matching('info = :v', { ':v': { planet: 'Corellia', age: 32, ship: { name: 'Slave I' } } })).toEqual([]);
    expect(await matching('info <> :v', { ':v': { planet: 'Corellia', age: 32, ship: { name: 'Falcon' } } })).toEqual(['jabba', 'leia', 'luke', 'nobody', 'rey']);
  });

  it('a member of a Map compares by its path', async () => {
    expect(await matching('info.age = :a', { ':a': 19 })).toEqual(['leia', 'luke', 'rey']);
  });
});

describe('filters on Set and null values', () => {
  it('= matches a Set with the same members in any order; contains finds a member', async () => {
    expect(await matching('tags = :v', { ':v': new Set(['jedi', 'pilot']) })).toEqual(['luke']);
    expect(await matching('tags = :v', { ':v': new Set(['jedi']) })).toEqual([]);
    expect(await matching('contains(tags, :m)', { ':m': 'jedi' })).toEqual(['luke', 'rey']);
  });

  it('a NULL attribute is there (attribute_exists) and equals NULL; a missing one is neither', async () => {
    expect(await matching('attribute_exists(nickname)', {})).toEqual(['han']);
    expect(await matching('nickname = :null', { ':null': null })).toEqual(['han']);
    expect(await matching('attribute_type(nickname, :t)', { ':t': 'NULL' })).toEqual(['han']);
  });
});

describe('conditions on List and Map values', () => {
  it('a conditional write whose List condition holds succeeds; one that does not fails', async () => {
    await db().send(new UpdateCommand({
      TableName: orders, Key: { customerId: 'rey', orderId: '1' },
      UpdateExpression: 'SET seen = :t', ConditionExpression: 'appearsIn = :v',
      ExpressionAttributeValues: { ':v': ['JEDI'], ':t': true },
    }));
    const failed = await db().send(new PutCommand({
      TableName: orders, Item: { customerId: 'rey', orderId: '1' },
      ConditionExpression: 'appearsIn = :v', ExpressionAttributeValues: { ':v': ['EMPIRE'] },
    })).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('a transaction condition check on a Map compares by value', async () => {
    const ok = await db().send(new TransactWriteCommand({
      TransactItems: [{ ConditionCheck: { TableName: orders, Key: { customerId: 'luke', orderId: '1' }, ConditionExpression: 'info = :v', ExpressionAttributeValues: { ':v': { planet: 'Tatooine', age: 19 } } } }],
    }));
    expect(ok.$metadata.httpStatusCode).toBe(200);
    const cancelled = await db().send(new TransactWriteCommand({
      TransactItems: [{ ConditionCheck: { TableName: orders, Key: { customerId: 'luke', orderId: '1' }, ConditionExpression: 'info <> :v', ExpressionAttributeValues: { ':v': { age: 19, planet: 'Tatooine' } } } }],
    })).catch((error: unknown) => error);
    expect(cancelled).toBeInstanceOf(TransactionCanceledException);
    expect((cancelled as TransactionCanceledException).CancellationReasons?.[0]?.Code).toBe('ConditionalCheckFailed');
  });
});
