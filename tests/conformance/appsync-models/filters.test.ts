/**
 * Filters on list, set, map and null values, through the generated list resolver and through
 * DynamoDB. From Amplify's filter inputs (a list-of-enum field gets `eq`/`ne` on the whole list
 * and `contains`/`notContains` on an element) and DynamoDB's comparison reference (a List equals
 * a List with the same elements in the same order, a Map one with the same keys and values;
 * `contains` finds an element of a List or a member of a Set; `attribute_exists` is true for an
 * attribute holding NULL). An invalid filter is refused by the generated template itself:
 * "Unrecognized Filter".
 */
import { PutItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { clientConfig } from '../../helpers/cloud';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { apiKey, generateClient, postGraphQL, startFixtureCloud, SYNTH_TIMEOUT_MS, type Schema } from './fixture-cloud';

let cloud: LocalCloud;
let table: string;
const client = generateClient<Schema>({ authMode: 'apiKey' });
/** A ModelCharacterFilterInput (the client's typing takes `eq` on a list field for a scalar, which the schema does not). */
type Filter = Record<string, unknown>;

const CHARACTERS: Schema['Character']['createType'][] = [
  { name: 'Luke', appearsIn: ['NEWHOPE', 'EMPIRE', 'JEDI'], tags: ['pilot', 'jedi'], location: { planet: 'Tatooine', sector: 1 }, nickname: 'Wormie', rank: 3 },
  { name: 'Rey', appearsIn: ['JEDI'], tags: ['scavenger'], location: { planet: 'Jakku', sector: 2 }, rank: 2 },
  { name: 'Han', appearsIn: ['EMPIRE', 'NEWHOPE'], tags: ['pilot'], location: { planet: 'Corellia', sector: 3 }, rank: 5 },
];

beforeAll(async () => {
  cloud = await startFixtureCloud();
  for (const character of CHARACTERS) {
    const created = await client.models.Character.create(character);
    if (created.errors) throw new Error(`character: ${JSON.stringify(created.errors)}`);
  }
  table = cloud.assembly.ofType('Custom::AmplifyDynamoDBTable').find((t) => t.logicalId.startsWith('CharacterTable'))!.ref();
  // A String Set and a NULL, as another writer (a function, the console) may store them.
  await new DynamoDBClient(clientConfig(cloud)).send(new PutItemCommand({
    TableName: table,
    Item: { id: { S: 'leia' }, __typename: { S: 'Character' }, name: { S: 'Leia' }, appearsIn: { L: [{ S: 'JEDI' }] }, tags: { SS: ['senator', 'general'] }, nickname: { NULL: true }, createdAt: { S: '2026-01-01T00:00:00.000Z' }, updatedAt: { S: '2026-01-01T00:00:00.000Z' } },
  }));
}, SYNTH_TIMEOUT_MS);
afterAll(() => cloud?.stop());

async function names(filter: Filter): Promise<string[]> {
  const listed = await client.models.Character.list({ filter: filter as never });
  if (listed.errors) throw new Error(JSON.stringify(listed.errors));
  return listed.data.map((character) => character.name).sort();
}

describe('filters on list values', () => {
  it('eq on a list matches the same elements in the same order', async () => {
    expect(await names({ appearsIn: { eq: ['JEDI'] } })).toEqual(['Leia', 'Rey']);
    expect(await names({ appearsIn: { eq: ['NEWHOPE', 'EMPIRE', 'JEDI'] } })).toEqual(['Luke']);
    expect(await names({ appearsIn: { eq: ['EMPIRE', 'NEWHOPE', 'JEDI'] } })).toEqual([]);
  });

  it('ne on a list is the negation of eq', async () => {
    expect(await names({ appearsIn: { ne: ['JEDI'] } })).toEqual(['Han', 'Luke']);
  });

  it('contains / notContains test one element', async () => {
    expect(await names({ appearsIn: { contains: 'EMPIRE' } })).toEqual(['Han', 'Luke']);
    expect(await names({ appearsIn: { notContains: 'EMPIRE' } })).toEqual(['Leia', 'Rey']);
    expect(await names({ tags: { contains: 'pilot' } })).toEqual(['Han', 'Luke']);
  });

  it('list conditions combine with and / or / not', async () => {
    expect(await names({ or: [{ appearsIn: { eq: ['JEDI'] } }, { tags: { contains: 'pilot' } }], not: { name: { eq: 'Leia' } } })).toEqual(['Han', 'Luke', 'Rey']);
  });
});

describe('filters on set values', () => {
  it('contains finds a member of a String Set, and the set reads back as a list', async () => {
    const listed = await client.models.Character.list({ filter: { tags: { contains: 'general' } } });
    expect(listed.data.map((c) => ({ name: c.name, tags: [...(c.tags ?? [])].sort() }))).toEqual([{ name: 'Leia', tags: ['general', 'senator'] }]);
  });
});

describe('filters on null values', () => {
  it('attributeExists: false matches a field never written; a stored NULL exists (and reads back as null)', async () => {
    expect(await names({ nickname: { attributeExists: false } })).toEqual(['Han', 'Rey']);
    expect(await names({ nickname: { attributeExists: true } })).toEqual(['Leia', 'Luke']);
    const leia = await client.models.Character.get({ id: 'leia' });
    expect(leia.data?.nickname).toBeNull();
  });
});

describe('filters on map values (DynamoDB, on the table the resolvers wrote)', () => {
  it('a Map written from a custom type equals a Map with the same keys and values, in any order', async () => {
    const dynamodb = new DynamoDBClient(clientConfig(cloud));
    const scan = (value: Record<string, AttributeValue>) => dynamodb.send(new ScanCommand({ TableName: table, FilterExpression: '#l = :v', ExpressionAttributeNames: { '#l': 'location' }, ExpressionAttributeValues: { ':v': { M: value } } }));
    const found = await scan({ sector: { N: '2' }, planet: { S: 'Jakku' } });
    expect(found.Items?.map((item) => item.name.S)).toEqual(['Rey']);
    expect((await scan({ planet: { S: 'Jakku' } })).Items).toEqual([]);
  });
});

describe('an invalid filter', () => {
  it('between with one value: the generated template answers "Unrecognized Filter"', async () => {
    const response = await postGraphQL(cloud, '{ listCharacters(filter: { rank: { between: [1] } }) { items { name } } }', { headers: { 'x-api-key': apiKey(cloud) } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: { listCharacters: null },
      errors: [expect.objectContaining({ errorType: 'Unrecognized Filter', message: 'Unable to process the filter expression', path: ['listCharacters'] })],
    });
  });

  it('between with two values filters', async () => {
    expect(await names({ rank: { between: [2, 3] } })).toEqual(['Luke', 'Rey']);
  });
});
