import type { KeyValueStorageInterface } from 'aws-amplify/utils';

/**
 * Test helpers for the user pool integration tests.
 */

/** One outbox message as `GET /_flare/cognito/outbox` serves it. */
export interface OutboxEntry {
  to: string;
  kind: string;
  code: string;
  message: string;
  subject?: string;
  userPoolId: string;
  at: string;
}

/** The outbox for one address, read over HTTP as a browser test or a console would. */
export async function outboxFor(endpoint: string, to: string): Promise<OutboxEntry[]> {
  const response = await fetch(`${endpoint}/_flare/cognito/outbox?to=${encodeURIComponent(to)}`);
  if (!response.ok) throw new Error(`outbox answered ${response.status}`);
  return ((await response.json()) as { messages: OutboxEntry[] }).messages;
}

/** The code of the latest message of `kind` sent to `to`. */
export async function latestCode(endpoint: string, to: string, kind: string): Promise<string> {
  const messages = (await outboxFor(endpoint, to)).filter((message) => message.kind === kind);
  const last = messages[messages.length - 1];
  if (!last) throw new Error(`no ${kind} message for ${to} in the outbox`);
  return last.code;
}

/**
 * Amplify's token store, kept where the test can read it (the refresh token is not exposed
 * by the Auth API, and the test needs it to show that sign-out revoked it).
 */
export class MemoryKeyValueStorage implements KeyValueStorageInterface {
  private readonly items = new Map<string, string>();

  async setItem(key: string, value: string): Promise<void> {
    this.items.set(key, value);
  }

  async getItem(key: string): Promise<string | null> {
    return this.items.get(key) ?? null;
  }

  async removeItem(key: string): Promise<void> {
    this.items.delete(key);
  }

  async clear(): Promise<void> {
    this.items.clear();
  }

  valueEndingWith(suffix: string): string | undefined {
    for (const [key, value] of this.items) if (key.endsWith(suffix)) return value;
    return undefined;
  }
}
