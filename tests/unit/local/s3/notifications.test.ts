import { describe, expect, it } from 'vitest';
import type { CloudAssembly } from '../../../../local/assembly';
import type { InvokeOptions } from '../../../../local/lambda/types';
import { Reporter } from '../../../../local/reporter';
import { ServiceRegistry } from '../../../../local/service';
import { BucketNotifications, eventKey, type ObjectEvent } from '../../../../local/s3/notifications';

/** An assembly with one bucket and one Custom::S3BucketNotifications, as CDK's addEventNotification synthesizes it. */
function assemblyWith(configurations: unknown[]): CloudAssembly {
  const notification = {
    cdkPath: 'stack/BucketNotifications',
    properties: () => ({ BucketName: 'files', NotificationConfiguration: { LambdaFunctionConfigurations: configurations } }),
  };
  const bucket = { cdkPath: 'stack/Bucket', ref: () => 'files', properties: () => ({}) };
  return { ofType: (type: string) => (type === 'Custom::S3BucketNotifications' ? [notification] : type === 'AWS::S3::Bucket' ? [bucket] : []) } as unknown as CloudAssembly;
}

function setup(configurations: unknown[]) {
  const invocations: { fn: string; payload: any; options?: InvokeOptions }[] = [];
  const services = new ServiceRegistry();
  services.add({
    name: 'lambda',
    resourceTypes: [],
    start: async () => undefined,
    stop: async () => undefined,
    invoke: async (fn: string, payload: unknown, options?: InvokeOptions) => {
      invocations.push({ fn, payload, options });
      return { requestId: 'r', statusCode: 202, payload: null };
    },
  } as never);
  const notifications = BucketNotifications.fromAssembly(assemblyWith(configurations), services, new Reporter({ level: 'silent' }).for('s3'));
  return { notifications, invocations };
}

const event = (key: string, eventName: ObjectEvent['eventName'] = 'ObjectCreated:Put'): ObjectEvent => ({
  bucket: 'files',
  key,
  eventName,
  object: eventName === 'ObjectRemoved:Delete' ? undefined : { size: 3, etag: '"abc"' },
  principalId: '000000000000',
  requestId: 'REQ',
  hostId: 'HOST',
  sourceIp: '127.0.0.1',
});

describe('S3 event notifications', () => {
  it('encode keys as S3 does in event records: form-style, slashes kept', () => {
    expect(eventKey('uploads/first note (1).txt')).toBe('uploads/first+note+%281%29.txt');
    expect(eventKey('a/ü/b+c')).toBe('a/%C3%BC/b%2Bc');
  });

  it('deliver an asynchronous invocation with the event message structure S3 documents', () => {
    const { notifications, invocations } = setup([{ Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: 'arn:fn' }]);
    notifications.publish(event('uploads/a b.txt'));
    expect(invocations).toHaveLength(1);
    expect(invocations[0].options).toMatchObject({ invocationType: 'Event' });
    const [record] = invocations[0].payload.Records;
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:000000000000' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': 'REQ', 'x-amz-id-2': 'HOST' },
      s3: { s3SchemaVersion: '1.0', bucket: { name: 'files', arn: 'arn:aws:s3:::files' }, object: { key: 'uploads/a+b.txt', size: 3, eTag: 'abc' } },
    });
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]{16,}$/);
    expect(Date.parse(record.eventTime)).not.toBeNaN();
  });

  it('match events and prefix/suffix filters, and leave size and ETag out of removals', () => {
    const { notifications, invocations } = setup([
      { Events: ['s3:ObjectCreated:Put'], LambdaFunctionArn: 'arn:txt', Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }, { Name: 'suffix', Value: '.txt' }] } } },
      { Events: ['s3:ObjectRemoved:*'], LambdaFunctionArn: 'arn:removed' },
    ]);
    notifications.publish(event('uploads/a.txt'));
    notifications.publish(event('uploads/a.png'));
    notifications.publish(event('other/a.txt'));
    notifications.publish(event('uploads/a.txt', 'ObjectCreated:Copy'));
    notifications.publish(event('uploads/a.txt', 'ObjectRemoved:Delete'));
    expect(invocations.map((i) => [i.fn, i.payload.Records[0].eventName])).toEqual([
      ['arn:txt', 'ObjectCreated:Put'],
      ['arn:removed', 'ObjectRemoved:Delete'],
    ]);
    expect(invocations[1].payload.Records[0].s3.object).toEqual({ key: 'uploads/a.txt', sequencer: expect.any(String) });
  });
});
