import http from 'node:http';
import path from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local';
import { createEventsService } from '../../../local/events';
import { iamService } from '../../../local/iam';
import { createLambdaService } from '../../../local/lambda';
import type { LogRecord } from '../../../local/reporter';
import { createSnsService, type OutboxMessage, type SnsLocalService } from '../../../local/sns';
import { eventually } from '../../helpers/eventually';
import { clientConfig, recordingReporter, startTestCloud } from '../../helpers/cloud';

const FIXTURE = path.resolve('tests/fixtures/sns-topics');
const PAGES = 'arn:aws:sns:us-east-1:000000000000:pages';


interface SnsRecord {
  EventSource: string;
  EventSubscriptionArn: string;
  Sns: { Type: string; MessageId: string; TopicArn: string; Subject: string | null; Message: string; Timestamp: string; MessageAttributes: Record<string, { Type: string; Value: string }> };
}

describe('the local SNS', () => {
  let cloud: LocalCloud;
  let sns: SNSClient;
  let outbox: (to?: string) => OutboxMessage[];
  const records: LogRecord[] = [];
  /** What the recorder function received, one SNS record each. */
  const received = () =>
    records
      .filter((r) => r.service === 'lambda:recorder' && r.message.startsWith('EVENT '))
      .map((r) => (JSON.parse(r.message.slice(6)) as { Records: SnsRecord[] }).Records[0]);

  beforeAll(async () => {
    cloud = await startTestCloud({
      cdkOut: FIXTURE,
      services: [iamService(), createLambdaService({ hotReload: false }), createSnsService({ retryBaseMs: 20 }), createEventsService({ retryBaseMs: 20 })],
      reporter: recordingReporter(records),
    });
    sns = new SNSClient(clientConfig(cloud));
    const service = cloud.services.get<SnsLocalService>('sns');
    outbox = (to) => service.outbox(to);
  });
  afterAll(() => cloud?.stop());

  it('deploys the assembly’s topic and subscriptions, names what it cannot run, and mails an email subscription its confirmation', async () => {
    const summary = cloud.services.get<SnsLocalService>('sns').summary();
    expect(summary).toContain('1 topic, 4 subscriptions (1 pending confirmation)');
    expect(summary).toMatch(/NOT run: BadFilter \(Invalid parameter: FilterPolicy: /);
    const [confirmation] = outbox('oncall@flare.local');
    expect(confirmation).toMatchObject({ kind: 'SubscriptionConfirmation', protocol: 'email', subject: 'AWS Notification - Subscription Confirmation (pages)' });
    expect(confirmation.body).toMatch(/Confirm subscription: http:\/\/127\.0\.0\.1:\d+\/\?Action=ConfirmSubscription&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Apages&Token=[0-9a-f]+/);
    const topics = await sns.send(new ListTopicsCommand({}));
    expect(topics.Topics).toEqual([{ TopicArn: PAGES }]);
  });

  it('delivers to a Lambda subscriber whose filter policy the attributes match, in SNS’s event shape', async () => {
    // Act
    const { MessageId } = await sns.send(
      new PublishCommand({
        TopicArn: PAGES,
        Subject: 'SEV1: api down',
        Message: 'INC-7 opened',
        MessageAttributes: { severity: { DataType: 'String', StringValue: 'SEV1' }, responderId: { DataType: 'String', StringValue: 'ana' }, channel: { DataType: 'String', StringValue: 'push' } },
      }),
    );
    const missing = await sns.send(new PublishCommand({ TopicArn: PAGES, Message: 'INC-8 opened', MessageAttributes: { severity: { DataType: 'String', StringValue: 'SEV1' } } }));

    // Assess: the first matches (severity and responderId exist), the second lacks responderId
    const record = await eventually(() => received().find((r) => r.Sns.MessageId === MessageId));
    expect(record).toMatchObject({
      EventSource: 'aws:sns',
      Sns: {
        Type: 'Notification',
        TopicArn: PAGES,
        Subject: 'SEV1: api down',
        Message: 'INC-7 opened',
        MessageAttributes: { severity: { Type: 'String', Value: 'SEV1' }, responderId: { Type: 'String', Value: 'ana' }, channel: { Type: 'String', Value: 'push' } },
      },
    });
    expect(record.EventSubscriptionArn).toMatch(/^arn:aws:sns:us-east-1:000000000000:pages:[0-9a-f-]{36}$/);
    expect(record.Sns.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await cloud.services.get<SnsLocalService>('sns').idle();
    expect(received().some((r) => r.Sns.MessageId === missing.MessageId)).toBe(false);
  });

  it('texts an SMS subscriber into the outbox, and filters on the message body when the scope says so', async () => {
    // Act
    await sns.send(new PublishCommand({ TopicArn: PAGES, Message: 'SEV2 INC-9: ack at http://app/ack', MessageAttributes: { channel: { DataType: 'String', StringValue: 'sms' } } }));
    const status = await sns.send(new PublishCommand({ TopicArn: PAGES, Message: JSON.stringify({ kind: 'status', service: 'api' }) }));
    const other = await sns.send(new PublishCommand({ TopicArn: PAGES, Message: JSON.stringify({ kind: 'note' }) }));

    // Assess
    const [sms] = await eventually(() => (outbox('+15555550100').length > 0 ? outbox('+15555550100') : undefined));
    expect(sms).toMatchObject({ protocol: 'sms', kind: 'Notification', body: 'SEV2 INC-9: ack at http://app/ack', topicArn: PAGES });
    await eventually(() => received().some((r) => r.Sns.MessageId === status.MessageId));
    await cloud.services.get<SnsLocalService>('sns').idle();
    expect(received().some((r) => r.Sns.MessageId === other.MessageId)).toBe(false);
  });

  it('confirms an email subscription by its token, then mails it what passes its filter, with an unsubscribe link that works', async () => {
    // Prepare
    const subscribed = await sns.send(new SubscribeCommand({ TopicArn: PAGES, Protocol: 'email', Endpoint: 'ana@flare.local', Attributes: { FilterPolicy: JSON.stringify({ channel: ['email'] }) } }));
    expect(subscribed.SubscriptionArn).toBe('pending confirmation');
    const token = /Token=([0-9a-f]+)/.exec(outbox('ana@flare.local')[0].body)![1];
    const confirmed = await sns.send(new ConfirmSubscriptionCommand({ TopicArn: PAGES, Token: token }));
    expect(confirmed.SubscriptionArn).toMatch(/^arn:aws:sns:us-east-1:000000000000:pages:/);

    // Act
    await sns.send(new PublishCommand({ TopicArn: PAGES, Subject: 'Page: INC-10', Message: 'SEV1 INC-10 needs you', MessageAttributes: { channel: { DataType: 'String', StringValue: 'email' } } }));

    // Assess
    const mail = await eventually(() => outbox('ana@flare.local').find((m) => m.kind === 'Notification'));
    expect(mail).toMatchObject({ protocol: 'email', subject: 'Page: INC-10' });
    expect(mail.body).toContain('SEV1 INC-10 needs you');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/\?Action=Unsubscribe&SubscriptionArn=\S+)/.exec(mail.body)![1];
    const answer = await fetch(link);
    expect(answer.status).toBe(200);
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: PAGES }));
    expect(listed.Subscriptions?.some((s) => s.Endpoint === 'ana@flare.local')).toBe(false);
    // the outbox API shows messages by recipient
    const served = (await (await fetch(`${cloud.endpoint}/_flare/sns/outbox?to=ana%40flare.local`)).json()) as { messages: OutboxMessage[] };
    expect(served.messages.map((m) => m.kind)).toEqual(['SubscriptionConfirmation', 'Notification']);
  });

  it('refuses bad subscriptions and messages with SNS’s errors', async () => {
    const refused = async (promise: Promise<unknown>) => promise.catch((e: unknown) => e);
    expect(await refused(sns.send(new SubscribeCommand({ TopicArn: PAGES, Protocol: 'email', Endpoint: 'not-an-address' })))).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Email address' });
    expect(await refused(sns.send(new SubscribeCommand({ TopicArn: PAGES, Protocol: 'sms', Endpoint: '12' })))).toMatchObject({ name: 'InvalidParameterException' });
    expect(await refused(sns.send(new SubscribeCommand({ TopicArn: PAGES, Protocol: 'carrier-pigeon', Endpoint: 'x' })))).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon' });
    expect(await refused(sns.send(new PublishCommand({ TopicArn: `${PAGES}-nope`, Message: 'x' })))).toMatchObject({ name: 'NotFoundException', message: 'Topic does not exist' });
    expect(await refused(sns.send(new PublishCommand({ TopicArn: PAGES, Message: '' })))).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Empty message' });
    expect(await refused(sns.send(new PublishCommand({ TopicArn: PAGES, Message: 'x'.repeat(256 * 1024 + 1) })))).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Message too long' });
    const lambdaSub = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: PAGES }))).Subscriptions!.find((s) => s.Protocol === 'lambda')!;
    const badPolicy = await refused(sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: lambdaSub.SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '{"a": "b"}' })));
    expect(badPolicy).toMatchObject({ name: 'InvalidParameterException' });
    expect((badPolicy as Error).message).toMatch(/^Invalid parameter: FilterPolicy: /);
  });

  it('PublishBatch publishes each entry and fails the bad ones alone', async () => {
    const batch = await sns.send(
      new PublishBatchCommand({
        TopicArn: PAGES,
        PublishBatchRequestEntries: [
          { Id: 'a', Message: 'one', MessageAttributes: { channel: { DataType: 'String', StringValue: 'sms' } } },
          { Id: 'b', Message: '' },
        ],
      }),
    );
    expect(batch.Successful?.map((s) => s.Id)).toEqual(['a']);
    expect(batch.Failed).toEqual([{ Id: 'b', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true }]);
    const dup = await sns.send(new PublishBatchCommand({ TopicArn: PAGES, PublishBatchRequestEntries: [{ Id: 'a', Message: '1' }, { Id: 'a', Message: '2' }] })).catch((e: unknown) => e);
    expect(dup).toMatchObject({ name: 'BatchEntryIdsNotDistinctException' });
    await eventually(() => outbox('+15555550100').some((m) => m.body === 'one'));
  });

  it('creates topics and subscriptions at run time, and shows their attributes', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'status' }));
    expect(TopicArn).toBe('arn:aws:sns:us-east-1:000000000000:status');
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sms', Endpoint: '+15555550111', Attributes: { FilterPolicy: '{"svc": ["api"]}' } }));
    const attributes = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(attributes.Attributes).toMatchObject({ Protocol: 'sms', Endpoint: '+15555550111', PendingConfirmation: 'false', FilterPolicy: '{"svc": ["api"]}', FilterPolicyScope: 'MessageAttributes' });
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    const gone = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn })).catch((e: unknown) => e);
    expect(gone).toMatchObject({ name: 'NotFoundException' });
  });

  it('confirms an HTTP endpoint by the SubscribeURL it is posted, then posts it notifications, retrying a 500', async () => {
    // Prepare: an endpoint that visits the SubscribeURL it is sent, and answers 500 to "flaky" once
    const received: { type?: string; body: Record<string, unknown> }[] = [];
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        const type = request.headers['x-amz-sns-message-type'] as string | undefined;
        const flakyBefore = received.some((r) => r.body.Message === 'flaky');
        received.push({ type, body });
        if (type === 'SubscriptionConfirmation') void fetch(String(body.SubscribeURL));
        response.writeHead(body.Message === 'flaky' && !flakyBefore ? 500 : 200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(4682, '127.0.0.1', resolve));
    try {
      const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn: PAGES, Protocol: 'http', Endpoint: 'http://127.0.0.1:4682/sns', ReturnSubscriptionArn: true }));
      await eventually(() => received.some((r) => r.type === 'SubscriptionConfirmation'));
      const confirmed = async () => (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes?.PendingConfirmation === 'false';
      for (let i = 0; i < 100 && !(await confirmed()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await confirmed()).toBe(true);

      // Act
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn: PAGES, Message: 'flaky', Subject: 'webhook' }));

      // Assess: a 500, then the retry delivered
      const notifications = await eventually(() => {
        const found = received.filter((r) => r.type === 'Notification' && r.body.MessageId === MessageId);
        return found.length >= 2 ? found : undefined;
      });
      expect(notifications[1].body).toMatchObject({ Type: 'Notification', TopicArn: PAGES, Subject: 'webhook', Message: 'flaky' });
      expect(String(notifications[1].body.UnsubscribeURL)).toContain('Action=Unsubscribe');
      await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('is an EventBridge target: a rule’s transformed event is published and filtered like any message', async () => {
    // Act
    const events = new EventBridgeClient(clientConfig(cloud));
    await events.send(new PutEventsCommand({ Entries: [{ EventBusName: 'incidents', Source: 'flare.incidents', DetailType: 'Incident Triggered', Detail: JSON.stringify({ id: 'INC-11' }) }] }));

    // Assess: the body-scoped subscription takes `{"kind": "status", …}`
    const record = await eventually(() => received().find((r) => r.Sns.Message.includes('INC-11')));
    expect(JSON.parse(record.Sns.Message)).toEqual({ kind: 'status', id: 'INC-11' });
  });
});
