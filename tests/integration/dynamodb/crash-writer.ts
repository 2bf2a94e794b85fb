/**
 * Child process of crash.test.ts: runs a local cloud on the fixture with a state directory
 * (argv[2]) and writes to it through the edge as fast as it can, printing a line for every
 * write the service acknowledged: `put <n>` (a PutItem on a table with a stream) or `tx <n>`
 * (a TransactWriteItems over three tables with streams plus a counter). The test kills it with SIGKILL mid-load.
 */
import { PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { Reporter } from '../../../local';
import { clients, startCloud, tableName } from './helpers';

const stateDir = process.argv[2];
const cloud = await startCloud({ fixture: true, stateDir, reporter: new Reporter({ level: 'silent' }) });
const { dynamodb } = clients(cloud);
const orders = tableName(cloud, 'Orders');
// Big enough that a transaction's batch spans several blocks of LevelDB's log.
const pad = (n: number) => ({ S: `${n}:`.padEnd(20_000, 'x') });
let next = Number(process.argv[3] ?? 0);

async function writer(): Promise<never> {
  for (;;) {
    const n = next++;
    if (n % 2 === 0) {
      await dynamodb.send(new PutItemCommand({ TableName: 'fixture-old-image', Item: { pk: { S: `put-${n}` }, pad: { S: 'p'.repeat(1000) } } }));
      process.stdout.write(`put ${n}\n`);
    } else {
      await dynamodb.send(new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: orders, Item: { customerId: { S: 'tx' }, orderId: { S: String(n) }, pad: pad(n) } } },
          { Put: { TableName: 'fixture-keys-only', Item: { pk: { S: `tx-${n}` }, pad: pad(n) } } },
          { Put: { TableName: 'fixture-new-image', Item: { pk: { S: `tx-${n}` }, pad: pad(n) } } },
          { Update: { TableName: 'fixture-plain', Key: { pk: { S: 'counter' } }, UpdateExpression: 'ADD transactions :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
        ],
      }));
      process.stdout.write(`tx ${n}\n`);
    }
  }
}

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: 6 }, writer));
