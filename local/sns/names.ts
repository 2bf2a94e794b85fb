import { LOCAL_ACCOUNT } from '../assembly';

const PREFIX = `arn:aws:sns:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:`;

export const topicArn = (name: string) => `${PREFIX}${name}`;

/** The topic ARN a subscription ARN belongs to (`<topic ARN>:<id>`). */
export const topicOfSubscription = (subscriptionArn: string) => subscriptionArn.slice(0, subscriptionArn.lastIndexOf(':'));

/** `arn:aws:sns:<region>:<account>:<name>` → name, or undefined when it is not a topic ARN of this account. */
export function topicNameOf(arn: string): string | undefined {
  return arn.startsWith(PREFIX) && !arn.slice(PREFIX.length).includes(':') ? arn.slice(PREFIX.length) : undefined;
}

/** SNS's timestamps: ISO 8601 with milliseconds. */
export const snsTime = (epochMs: number) => new Date(epochMs).toISOString();
