/**
 * SQS → Lambda event-source mappings from the assembly (tests/fixtures/queues-and-secrets:
 * `SqsEventSource` with batch size 5, a 1 s batching window, ReportBatchItemFailures and
 * maximum concurrency 2, on a queue with a 3 s visibility timeout redriving to a dead-letter
 * queue after 2 receives). Messages are sent with the real @aws-sdk/client-sqs; the consumer
 * function reports what it handled on another queue, as Lambda's SQS event carries it.
 * Behaviour as Lambda's "Using Lambda with Amazon SQS" guide documents it.
 */
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { iamService } from '../../../local/iam';
import { createLambdaService } from '../../../local/lambda';
import type { LogRecord } from '../../../local/reporter';
import { createSqsService } from '../../../local/sqs';
import type { IamService } from '../../../local/iam/types';
import { clientConfig, recordingReporter, roleArn, startTestCloud } from '../../helpers/cloud';
import { QUEUES_AND_SECRETS, type QueuesAndSecretsOutputs } from '../../helpers/queues-and-secrets';

/** What the consumer reports for each record it handled. */
interface Report {
  body: string;
  batchSize: number;
  receiveCount: string;
  traceHeader: string | null;
  severity: string | null;
  eventSource: string;
  eventSourceARN: string;
}

let cloud: LocalCloud;
let sqs: SQSClient;
let outputs: QueuesAndSecretsOutputs;
const records: LogRecord[] = [];
const reports: Report[] = [];
const deadLetters: string[] = [];

/** Reads the Processed queue and the dead-letter queue into `reports` and `deadLetters` until `check` holds. */
async function until(check: () => boolean, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met in time; reports: ${JSON.stringify(reports.map((r) => r.body))}, dead letters: ${JSON.stringify(deadLetters)}`);
    for (const [url, sink] of [[outputs.processedQueueUrl, (body: string) => reports.push(JSON.parse(body) as Report)], [outputs.deadLettersQueueUrl, (body: string) => deadLetters.push(body)]] as const) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      for (const message of Messages) sink(message.Body!);
      if (Messages.length > 0) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const reportsOf = (prefix: string) => reports.filter((report) => report.body.startsWith(prefix));

beforeAll(async () => {
  cloud = await startTestCloud({
    projectDir: QUEUES_AND_SECRETS,
    synth: true,
    services: [iamService(), createSqsService(), createLambdaService({ hotReload: false })],
    reporter: recordingReporter(records),
  });
  sqs = new SQSClient(clientConfig(cloud));
  outputs = cloud.outputs.custom as unknown as QueuesAndSecretsOutputs;
});

afterAll(async () => {
  sqs?.destroy();
  await cloud?.stop();
});

describe('SQS event-source mappings', () => {
  it('runs the assembly’s mapping and says so at start', () => {
    const summary = cloud.services.get('lambda').summary?.() ?? '';
    expect(summary).toContain('1 SQS mapping');
    expect(records.filter((record) => record.level === 'warn' && record.message.includes('NOT run'))).toEqual([]);
  });

  it('delivers messages to the function as Lambda’s SQS event, and deletes what it handled', async () => {
    const run = `deliver-${Date.now()}`;
    await sqs.send(new SendMessageCommand({ QueueUrl: outputs.alertsQueueUrl, MessageBody: `${run}-a`, MessageAttributes: { severity: { DataType: 'String', StringValue: 'HIGH' } } }));
    await sqs.send(new SendMessageCommand({ QueueUrl: outputs.alertsQueueUrl, MessageBody: `${run}-b`, MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1' } } }));
    await until(() => reportsOf(run).length === 2);
    const alertsArn = `arn:aws:sqs:us-east-1:000000000000:${outputs.alertsQueueUrl.split('/').pop()}`;
    expect(reportsOf(`${run}-a`)).toEqual([expect.objectContaining({ severity: 'HIGH', receiveCount: '1', eventSource: 'aws:sqs', eventSourceARN: alertsArn })]);
    expect(reportsOf(`${run}-b`)).toEqual([expect.objectContaining({ traceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1', receiveCount: '1' })]);
    // Deleted once the invocation returned: nothing waits in the queue or in flight.
    let left: Record<string, string> | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      ({ Attributes: left } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: outputs.alertsQueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] })));
      if (left?.ApproximateNumberOfMessagesNotVisible === '0') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(left).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it('gathers batches of at most BatchSize', async () => {
    const run = `batch-${Date.now()}`;
    const entries = Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: `${run}-${i}` }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: outputs.alertsQueueUrl, Entries: entries }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: outputs.alertsQueueUrl, Entries: entries.slice(0, 2).map((entry) => ({ ...entry, MessageBody: `${entry.MessageBody}-late` })) }));
    await until(() => reportsOf(run).length === 12);
    expect(new Set(reportsOf(run).map((report) => report.body)).size).toBe(12);
    expect(Math.max(...reportsOf(run).map((report) => report.batchSize))).toBeLessThanOrEqual(5);
    expect(Math.max(...reportsOf(run).map((report) => report.batchSize))).toBeGreaterThan(1);
  });

  it('deletes the records a partial batch response does not name, and retries the failed ones until the queue redrives them', async () => {
    const run = `partial-${Date.now()}`;
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: outputs.alertsQueueUrl, Entries: [{ Id: 'ok', MessageBody: `${run}-ok` }, { Id: 'bad', MessageBody: `fail:${run}` }] }));
    // maxReceiveCount 2: received twice, failed twice, then moved to the dead-letter queue.
    await until(() => deadLetters.includes(`fail:${run}`));
    expect(reportsOf(`${run}-ok`)).toHaveLength(1);
    expect(reportsOf(`fail:${run}`)).toEqual([]);
  });

  it('returns every message of a batch whose invocation fails', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: outputs.alertsQueueUrl, MessageBody: 'crash' }));
    await until(() => deadLetters.includes('crash'));
    expect(records.some((record) => record.level === 'warn' && record.message.includes('failed a batch') && record.message.includes('crash requested'))).toBe(true);
  });

  it('authorizes the batch actions as their single forms: IAM has no action of their own for them', async () => {
    // Prepare: the consumer's role may only send to the Processed queue (grantSendMessages: sqs:SendMessage, no delete).
    const credentials = cloud.services.get<IamService>('iam').issueRoleCredentials(roleArn(cloud, 'consumerlambdaServiceRole'), { sessionName: 'batch-actions' });
    const asConsumer = new SQSClient(clientConfig(cloud, credentials));

    // Act
    const sent = await asConsumer.send(new SendMessageBatchCommand({ QueueUrl: outputs.processedQueueUrl, Entries: [{ Id: 'a', MessageBody: JSON.stringify({ body: 'batch-permission' }) }] }));
    const deleted = await asConsumer
      .send(new DeleteMessageBatchCommand({ QueueUrl: outputs.processedQueueUrl, Entries: [{ Id: 'a', ReceiptHandle: 'unused' }] }))
      .then(() => undefined, (error: Error) => error);

    // Assess
    expect(sent.Successful?.map((entry) => entry.Id)).toEqual(['a']);
    expect(deleted?.name).toBe('AccessDenied');
    expect(deleted?.message).toContain('not authorized to perform: sqs:DeleteMessage on resource');
    asConsumer.destroy();
  });
});
