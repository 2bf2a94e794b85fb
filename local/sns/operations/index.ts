import { OperationRegistry, type AnyOperation } from '../../kit';
import type { SnsCall } from '../context';
import { confirmSubscription } from './confirmSubscription';
import { publish } from './publish';
import { publishBatch } from './publishBatch';
import { subscribe } from './subscribe';
import { getSubscriptionAttributes, setSubscriptionAttributes } from './subscriptionAttributes';
import { createTopic, getTopicAttributes, listSubscriptionsByTopic, listTopics } from './topics';
import { unsubscribe } from './unsubscribe';

const ADMIN = 'topic administration beyond create, list and describe';

/** The SNS operations the local SNS answers (IAM `sns:<Name>`); any other answers InvalidAction naming it. */
export const SNS_OPERATIONS = new OperationRegistry<AnyOperation<SnsCall>>({
  service: 'SNS',
  iamPrefix: 'sns',
  operations: [publish, publishBatch, subscribe, confirmSubscription, unsubscribe, getSubscriptionAttributes, setSubscriptionAttributes, createTopic, listTopics, getTopicAttributes, listSubscriptionsByTopic],
  notImplemented: {
    DeleteTopic: ADMIN,
    SetTopicAttributes: ADMIN,
    ListSubscriptions: ADMIN,
    AddPermission: 'topic policies',
    RemovePermission: 'topic policies',
    TagResource: 'tags',
    UntagResource: 'tags',
    ListTagsForResource: 'tags',
    CreatePlatformApplication: 'mobile push',
    CreatePlatformEndpoint: 'mobile push',
    CheckIfPhoneNumberIsOptedOut: 'SMS settings',
    SetSMSAttributes: 'SMS settings',
    GetSMSAttributes: 'SMS settings',
    CreateSMSSandboxPhoneNumber: 'SMS sandbox',
    GetDataProtectionPolicy: 'data protection policies',
    PutDataProtectionPolicy: 'data protection policies',
  },
});
