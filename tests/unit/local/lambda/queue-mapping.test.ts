import { describe, expect, it } from 'vitest';
import { queueSettingsOf, toLambdaQueueRecord } from '../../../../local/lambda/queue-mapping';

describe('SQS mapping settings', () => {
  it('takes Lambda’s defaults: batches of 10, no window, five pollers', () => {
    expect(queueSettingsOf({})).toEqual({ batchSize: 10, batchingWindowMs: 0, reportBatchItemFailures: false, concurrency: 5, filter: undefined });
  });

  it('reads the assembly’s properties', () => {
    const settings = queueSettingsOf({ BatchSize: 5, MaximumBatchingWindowInSeconds: 1, FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 2 } });
    expect(settings).toMatchObject({ batchSize: 5, batchingWindowMs: 1000, reportBatchItemFailures: true, concurrency: 2 });
  });

  it('names what Lambda would refuse to create', () => {
    expect(queueSettingsOf({ BatchSize: 100 })).toBe('Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10');
    expect(queueSettingsOf({ BatchSize: 20_000, MaximumBatchingWindowInSeconds: 1 })).toMatch(/BatchSize 20000 is out of range/);
    expect(queueSettingsOf({ ScalingConfig: { MaximumConcurrency: 1 } })).toMatch(/MaximumConcurrency 1 is out of range/);
  });
});

describe("Lambda's SQS record", () => {
  it('carries the message, its attributes in Lambda’s casing, and the queue', () => {
    const record = toLambdaQueueRecord(
      { MessageId: 'm', ReceiptHandle: 'r', Body: 'b', MD5OfBody: 'x', Attributes: { ApproximateReceiveCount: '1' }, MessageAttributes: { severity: { DataType: 'String', StringValue: 'HIGH' } } },
      'arn:aws:sqs:us-east-1:000000000000:q',
    );
    expect(record).toEqual({
      messageId: 'm', receiptHandle: 'r', body: 'b', attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: { severity: { stringValue: 'HIGH', stringListValues: [], binaryListValues: [], dataType: 'String' } },
      md5OfBody: 'x', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q', awsRegion: 'us-east-1',
    });
  });
});
