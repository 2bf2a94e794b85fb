/**
 * Hostile requests to the AWS JSON protocols the edge serves: DynamoDB (JSON 1.0), Cognito
 * user pools, identity pools, SSM and KMS (JSON 1.1). Valid requests of each are mutated (members
 * removed, replaced by values of every wrong type, nested deep, renamed; the text cut and
 * spliced) and sent signed by the root where the API is signed, so that they reach the
 * operations. Each gets a typed 4xx (or, when the mutation left it valid, the service's
 * answer), never a 5xx, and the edge keeps serving.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local';
import { defaultServices } from '../../local/services';
import { clientConfig, startTestCloud } from '../helpers/cloud';
import { Rng, Tally, mutateJson, mutateString, nastyString } from './fuzz';
import { assertStillServes, expectTyped, send, signed } from './wire';

const tally = new Tally();
let cloud: LocalCloud;
let table: string;
let kmsKey: { keyId: string; ciphertext: string };

beforeAll(async () => {
  cloud = await startTestCloud({ services: defaultServices().filter((s) => ['iam', 'kms', 'ssm', 'dynamodb', 'cognito', 'cognito-identity'].includes(s.name)) });
  const kms = new KMSClient(clientConfig(cloud));
  const keyId = (await kms.send(new CreateKeyCommand({ Description: 'fuzz' }))).KeyMetadata!.KeyId!;
  const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('fuzz'), EncryptionContext: { a: 'b' } }));
  kmsKey = { keyId, ciphertext: Buffer.from(CiphertextBlob!).toString('base64') };
  kms.destroy();
  table = cloud.assembly.ofType('Custom::AmplifyDynamoDBTable').map((t) => String(t.properties().tableName)).find((name) => name.startsWith('Service-'))!;
});

afterAll(async () => {
  await cloud?.stop();
  tally.print('json-protocols');
});

interface Target {
  prefix: string;
  contentType: 'application/x-amz-json-1.0' | 'application/x-amz-json-1.1';
  /** SigV4 service name; undefined for unsigned operations. */
  signing?: string;
  operation: string;
  body: Record<string, unknown>;
}

const targets = (): Target[] => {
  const pool = cloud.outputs.auth!.user_pool_id;
  const client = cloud.outputs.auth!.user_pool_client_id;
  const ddb = (operation: string, body: Record<string, unknown>): Target => ({ prefix: 'DynamoDB_20120810', contentType: 'application/x-amz-json-1.0', signing: 'dynamodb', operation, body });
  const kms = (operation: string, body: Record<string, unknown>): Target => ({ prefix: 'TrentService', contentType: 'application/x-amz-json-1.1', signing: 'kms', operation, body });
  const idp = (operation: string, body: Record<string, unknown>, signing?: string): Target => ({ prefix: 'AWSCognitoIdentityProviderService', contentType: 'application/x-amz-json-1.1', signing, operation, body });
  return [
    ddb('PutItem', { TableName: table, Item: { id: { S: 'fuzz' }, name: { S: 'x' }, tags: { L: [{ N: '1' }, { M: { a: { BOOL: true } } }] } }, ConditionExpression: 'attribute_not_exists(id) OR #n = :v', ExpressionAttributeNames: { '#n': 'name' }, ExpressionAttributeValues: { ':v': { S: 'x' } } }),
    ddb('UpdateItem', { TableName: table, Key: { id: { S: 'fuzz' } }, UpdateExpression: 'SET #n = :v, tags = list_append(if_not_exists(tags, :e), :e) ADD c :one', ExpressionAttributeNames: { '#n': 'name' }, ExpressionAttributeValues: { ':v': { S: 'y' }, ':e': { L: [] }, ':one': { N: '1' } }, ReturnValues: 'ALL_NEW' }),
    ddb('Query', { TableName: table, KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': { S: 'fuzz' } }, Limit: 5, ExclusiveStartKey: { id: { S: 'a' } } }),
    ddb('Scan', { TableName: table, FilterExpression: 'contains(#n, :v) AND size(tags) > :z', ExpressionAttributeNames: { '#n': 'name' }, ExpressionAttributeValues: { ':v': { S: 'x' }, ':z': { N: '0' } }, Segment: 0, TotalSegments: 2 }),
    ddb('TransactWriteItems', { TransactItems: [{ Put: { TableName: table, Item: { id: { S: 't1' } } } }, { Update: { TableName: table, Key: { id: { S: 't2' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { NS: ['1', '2'] } } } }], ClientRequestToken: 'tok' }),
    ddb('BatchWriteItem', { RequestItems: { [table]: [{ PutRequest: { Item: { id: { S: 'b1' }, blob: { B: 'AAEC' } } } }, { DeleteRequest: { Key: { id: { S: 'b2' } } } }] } }),
    ddb('BatchGetItem', { RequestItems: { [table]: { Keys: [{ id: { S: 'b1' } }], ProjectionExpression: 'id, #n', ExpressionAttributeNames: { '#n': 'name' } } } }),
    idp('SignUp', { ClientId: client, Username: 'fuzz@flare.test', Password: 'Fuzz-passw0rd!', UserAttributes: [{ Name: 'email', Value: 'fuzz@flare.test' }], ClientMetadata: { a: 'b' } }),
    idp('InitiateAuth', { ClientId: client, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'fuzz@flare.test', SRP_A: 'ab'.repeat(384) } }),
    idp('RespondToAuthChallenge', { ClientId: client, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: { USERNAME: 'u', PASSWORD_CLAIM_SECRET_BLOCK: 'x', PASSWORD_CLAIM_SIGNATURE: 'y', TIMESTAMP: 'Mon Dec 7 12:00:00 UTC 2026' } }),
    idp('ForgotPassword', { ClientId: client, Username: 'fuzz@flare.test' }),
    idp('ConfirmSignUp', { ClientId: client, Username: 'fuzz@flare.test', ConfirmationCode: '123456' }),
    idp('GetUser', { AccessToken: 'a.b.c' }),
    idp('AdminCreateUser', { UserPoolId: pool, Username: 'admin-fuzz@flare.test', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'admin-fuzz@flare.test' }] }, 'cognito-idp'),
    idp('ListUsers', { UserPoolId: pool, Filter: 'email ^= "a"', Limit: 5 }, 'cognito-idp'),
    idp('AdminUpdateUserAttributes', { UserPoolId: pool, Username: 'admin-fuzz@flare.test', UserAttributes: [{ Name: 'name', Value: 'x' }] }, 'cognito-idp'),
    { prefix: 'AWSCognitoIdentityService', contentType: 'application/x-amz-json-1.1', operation: 'GetId', body: { IdentityPoolId: cloud.outputs.auth!.identity_pool_id, Logins: {} } },
    { prefix: 'AWSCognitoIdentityService', contentType: 'application/x-amz-json-1.1', operation: 'GetCredentialsForIdentity', body: { IdentityId: 'us-east-1:00000000-0000-4000-8000-000000000000' } },
    kms('Encrypt', { KeyId: kmsKey.keyId, Plaintext: 'ZnV6eg==', EncryptionContext: { a: 'b' }, GrantTokens: ['t'] }),
    kms('Decrypt', { CiphertextBlob: kmsKey.ciphertext, EncryptionContext: { a: 'b' }, KeyId: kmsKey.keyId }),
    kms('GenerateDataKey', { KeyId: kmsKey.keyId, KeySpec: 'AES_256', EncryptionContext: { a: 'b' } }),
    kms('ListAliases', { KeyId: kmsKey.keyId, Limit: 5 }),
    { prefix: 'AmazonSSM', contentType: 'application/x-amz-json-1.1', signing: 'ssm', operation: 'GetParametersByPath', body: { Path: '/amplify', Recursive: true, WithDecryption: true, MaxResults: 5 } },
    { prefix: 'AmazonSSM', contentType: 'application/x-amz-json-1.1', signing: 'ssm', operation: 'GetParameters', body: { Names: ['/a', '/b'], WithDecryption: false } },
  ];
};

async function call(target: Target, body: string, operation = target.operation) {
  const headers = { 'content-type': target.contentType, 'x-amz-target': `${target.prefix}.${operation}` };
  const request = target.signing ? await signed(cloud.endpoint, target.signing, { path: '/', headers, body }) : { method: 'POST', path: '/', headers, body };
  return send(cloud.endpoint, request);
}

describe('generated requests', () => {
  it('valid requests are answered (the fuzz starts from working requests)', async () => {
    for (const target of targets()) {
      const answer = await call(target, JSON.stringify(target.body));
      expectTyped(answer, `${target.operation} (valid)`, [200]);
    }
  });

  it('mutated bodies get typed 4xx or the service\'s answer, never a 5xx', async () => {
    const rng = new Rng(0x15a7);
    const all = targets();
    for (let i = 0; i < 400; i++) {
      const target = rng.pick(all);
      let body: string;
      if (rng.chance(0.8)) {
        let mutated: unknown = target.body;
        for (let m = rng.int(3) + 1; m > 0; m--) mutated = mutateJson(mutated, rng);
        body = JSON.stringify(mutated) ?? '';
      } else {
        body = mutateString(JSON.stringify(target.body), rng);
      }
      const answer = await call(target, body);
      expectTyped(answer, `${target.operation} ${body.slice(0, 300)}`, [200]);
      tally.add(target.contentType.endsWith('1.0') ? 'JSON 1.0' : 'JSON 1.1');
      if (i % 20 === 0) await assertStillServes(cloud.endpoint);
    }
    await assertStillServes(cloud.endpoint);
  });

  it('unknown, empty and hostile operation names are UnknownOperationException', async () => {
    const rng = new Rng(0x7a6e);
    for (let i = 0; i < 40; i++) {
      const target = rng.pick(targets());
      const operation = rng.chance(0.5) ? nastyString(rng).replace(/[\r\n]/g, '') : mutateString(target.operation, rng).replace(/[\r\n]/g, '');
      let answer;
      try {
        answer = await call(target, '{}', operation);
      } catch {
        continue; // a header value Node refuses to send
      }
      expectTyped(answer, `${target.prefix}.${operation}`, [200]);
      tally.add('targets');
    }
    await assertStillServes(cloud.endpoint);
  });
});

describe('DynamoDB nesting', () => {
  const nestedText = (wraps: number) => `${'{"M":{"a":'.repeat(wraps)}{"S":"x"}${'}}'.repeat(wraps)}`;

  it('32 levels are stored; 33 are ValidationException through the SDK, as AWS answers', async () => {
    const ddb = new DynamoDBClient(clientConfig(cloud));
    const nested = (wraps: number) => JSON.parse(nestedText(wraps)) as never;
    await expect(ddb.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'deep31' }, v: nested(31) } }))).resolves.toBeDefined();
    await expect(ddb.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'deep32' }, v: nested(32) } }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit',
    });
    tally.add('JSON 1.0', 2);
  });

  it('5,000 levels in an item, an update, a condition or a filter are 4xx, not a 500', async () => {
    const target = targets()[0];
    const deep = nestedText(5000);
    const bodies = [
      `{"TableName":"${table}","Item":{"id":{"S":"d"},"v":${deep}}}`,
      `{"TableName":"${table}","Key":{"id":{"S":"d"}},"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":${deep}}}`,
      `{"TableName":"${table}","Item":{"id":{"S":"d"}},"ConditionExpression":"v = :v","ExpressionAttributeValues":{":v":${deep}}}`,
    ];
    for (const [i, body] of bodies.entries()) {
      const answer = await call(target, body, ['PutItem', 'UpdateItem', 'PutItem'][i]);
      expect(answer.status).toBe(400);
      expect(answer.json().__type).toMatch(/#(ValidationException|SerializationException)$/);
      tally.add('JSON 1.0');
    }
    await assertStillServes(cloud.endpoint);
  });
});

describe('DynamoDB expressions', () => {
  const nots = (levels: number) => {
    let expression = 'attribute_exists(id)';
    for (let i = 0; i < levels; i++) expression = `NOT (${expression})`;
    return expression;
  };

  it('nested NOTs, parentheses and ANDs are answered: dynalite\'s parser took seconds per level (ten NOTs: 19 s, stopping the process)', async () => {
    const ddb = new DynamoDBClient(clientConfig(cloud));
    let ands = 'attribute_exists(id)';
    for (let i = 0; i < 60; i++) ands = `(attribute_exists(id) AND ${ands})`;
    // Each holds on a new item (an odd number of NOTs around attribute_exists); 679 NOTs is the deepest 4 KB allows.
    for (const [id, ConditionExpression] of [['nots', nots(61)], ['ands', `NOT ${ands}`], ['nots-4k', nots(679)]] as const) {
      await expect(ddb.send(new PutItemCommand({ TableName: table, Item: { id: { S: `expr-${id}` } }, ConditionExpression })), id).resolves.toBeDefined();
      tally.add('JSON 1.0');
    }
    // Parentheses around parentheses are refused by DynamoDB's own rule, at once.
    await expect(ddb.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'expr-parens' } }, ConditionExpression: `${'('.repeat(60)}attribute_not_exists(id)${')'.repeat(60)}` }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Invalid ConditionExpression: The expression has redundant parentheses;',
    });
    tally.add('JSON 1.0');
    ddb.destroy();
    await assertStillServes(cloud.endpoint);
  });

  it('an expression over 4 KB is ValidationException, as DynamoDB answers; 4 KB is read', async () => {
    const ddb = new DynamoDBClient(clientConfig(cloud));
    const padded = (bytes: number) => `attribute_not_exists(id)${' '.repeat(bytes - 'attribute_not_exists(id)'.length)}`;
    await expect(ddb.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'expr-4k' } }, ConditionExpression: padded(4096) }))).resolves.toBeDefined();
    await expect(ddb.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'expr-4k1' } }, ConditionExpression: padded(4097) }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097',
    });
    tally.add('JSON 1.0', 2);
    ddb.destroy();
  });
});
