/** `CreateTopic`, `ListTopics`, `GetTopicAttributes`, `ListSubscriptionsByTopic`. */
import type {
  CreateTopicInput,
  CreateTopicResponse,
  GetTopicAttributesInput,
  GetTopicAttributesResponse,
  ListSubscriptionsByTopicInput,
  ListSubscriptionsByTopicResponse,
  ListTopicsInput,
  ListTopicsResponse,
} from '@aws-sdk/client-sns';
import { LOCAL_ACCOUNT } from '../../assembly';
import { defineOperation } from '../../kit';
import type { SnsCall } from '../context';
import { SnsErrors } from '../errors';
import { topicArn } from '../names';
import { NEXT_TOKEN, page, topicOf } from './members';

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

/** CreateTopic is idempotent: the same name gives the same topic. */
export const createTopic = defineOperation<CreateTopicInput, CreateTopicResponse, SnsCall>({
  name: 'CreateTopic',
  input: {
    type: 'structure',
    members: {
      Name: { type: 'string', required: true },
      Attributes: { type: 'map', value: { type: 'string' } },
      Tags: { type: 'list', member: { type: 'structure', members: { Key: { type: 'string', min: 1, max: 128, required: true }, Value: { type: 'string', max: 256, required: true } } } },
      DataProtectionPolicy: { type: 'string' },
    },
  },
  async handle(input, call) {
    const arn = topicArn(input.Name);
    call.authorize(arn);
    const fifo = input.Attributes?.FifoTopic === 'true';
    const base = input.Name.endsWith('.fifo') ? input.Name.slice(0, -5) : input.Name;
    if (!TOPIC_NAME.test(base) || input.Name.length > 256 || fifo !== input.Name.endsWith('.fifo')) {
      throw SnsErrors.invalidParameter(fifo ? 'Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.' : 'Topic Name');
    }
    if (!call.store.topic(arn)) {
      await call.store.topics.put(arn, { name: input.Name, arn, fifo, attributes: { ...input.Attributes }, createdAt: Date.now(), origin: 'api' });
    }
    return { TopicArn: arn };
  },
});

export const listTopics = defineOperation<ListTopicsInput, ListTopicsResponse, SnsCall>({
  name: 'ListTopics',
  input: { type: 'structure', members: { NextToken: NEXT_TOKEN } },
  handle(input, call) {
    call.authorize(topicArn('*'));
    const { items, next } = page([...call.store.topics.keys()].sort(), input.NextToken);
    return { Topics: items.map((arn) => ({ TopicArn: arn })), ...(next && { NextToken: next }) };
  },
});

export const getTopicAttributes = defineOperation<GetTopicAttributesInput, GetTopicAttributesResponse, SnsCall>({
  name: 'GetTopicAttributes',
  input: { type: 'structure', members: { TopicArn: { type: 'string', required: true } } },
  handle(input, call) {
    const topic = topicOf(call, input.TopicArn);
    call.authorize(topic.arn);
    const subscriptions = call.store.subscriptionsOf(topic.arn);
    return {
      Attributes: {
        TopicArn: topic.arn,
        Owner: LOCAL_ACCOUNT.accountId,
        DisplayName: '',
        SubscriptionsConfirmed: String(subscriptions.filter((s) => s.confirmed).length),
        SubscriptionsPending: String(subscriptions.filter((s) => !s.confirmed).length),
        SubscriptionsDeleted: '0',
        ...(topic.fifo && { FifoTopic: 'true', ContentBasedDeduplication: 'false' }),
        ...topic.attributes,
      },
    };
  },
});

export const listSubscriptionsByTopic = defineOperation<ListSubscriptionsByTopicInput, ListSubscriptionsByTopicResponse, SnsCall>({
  name: 'ListSubscriptionsByTopic',
  input: { type: 'structure', members: { TopicArn: { type: 'string', required: true }, NextToken: NEXT_TOKEN } },
  handle(input, call) {
    const topic = topicOf(call, input.TopicArn);
    call.authorize(topic.arn);
    const { items, next } = page(call.store.subscriptionsOf(topic.arn), input.NextToken);
    return {
      Subscriptions: items.map((s) => ({ SubscriptionArn: s.confirmed ? s.arn : 'PendingConfirmation', Owner: LOCAL_ACCOUNT.accountId, Protocol: s.protocol, Endpoint: s.endpoint, TopicArn: s.topicArn })),
      ...(next && { NextToken: next }),
    };
  },
});
