import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PasswordVerifier } from './srp';
import { CoalescingWriter } from './state-file';

/** Cognito's user statuses (the ones a local pool can reach). */
export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';

/** What a code is for: confirming sign-up, resetting the password, or verifying an attribute. */
export type CodePurpose = 'signUp' | 'forgotPassword' | `verify:${string}`;

export interface StoredCode {
  code: string;
  expiresAt: number;
  /** The attribute the code was sent to (a code proves the user controls it). */
  attribute?: string;
}

export interface StoredUser {
  /** The user's username in the pool (a UUID equal to `sub` when users sign in with email or phone). */
  username: string;
  /** Attribute name → value, as Cognito returns them (`email_verified` is `"true"`/`"false"`). */
  attributes: Record<string, string>;
  status: UserStatus;
  enabled: boolean;
  created: number;
  modified: number;
  /** The password, only as an SRP salt and verifier. */
  password?: PasswordVerifier & { temporaryExpiresAt?: number };
  groups: string[];
  codes: Partial<Record<CodePurpose, StoredCode>>;
  /** New values of attributes that apply only once verified (AttributesRequireVerificationBeforeUpdate). */
  pending?: Record<string, string>;
}

/**
 * A signed-in session: what a refresh token and every token issued from it share
 * (`origin_jti`). Revoking it is how RevokeToken and GlobalSignOut take effect.
 */
export interface StoredSession {
  originJti: string;
  eventId: string;
  username: string;
  clientId: string;
  /** SHA-256 of the refresh token; the token itself is never kept. */
  refreshTokenHash: string;
  /** A rotated-out token still accepted until `graceUntil`. */
  previousRefreshTokenHash?: string;
  graceUntil?: number;
  authTime: number;
  expiresAt: number;
  revoked: boolean;
}

/** One message the pool would have sent by email or SMS. */
export interface OutboxMessage {
  id: string;
  userPoolId: string;
  /** The address or number it went to. */
  to: string;
  medium: 'EMAIL' | 'SMS';
  /** Why it was sent: `SignUp`, `ResendCode`, `ForgotPassword`, `UpdateUserAttribute`, `VerifyUserAttribute`, `AdminCreateUser`. */
  kind: string;
  username: string;
  subject?: string;
  message: string;
  /** The code (or, for invitations, the temporary password) the message carries. */
  code: string;
  /** ISO time. */
  at: string;
}

/** A group as a pool keeps it: its settings and when it was created and last changed. */
export interface StoredGroup {
  name: string;
  description?: string;
  precedence?: number;
  roleArn?: string;
  /** Epoch milliseconds. */
  created: number;
  modified: number;
}

interface PoolDocument {
  version: 1;
  /** When the pool's state was first written (epoch ms): its groups from the template date from then. */
  created?: number;
  users: StoredUser[];
  sessions: StoredSession[];
  outbox: OutboxMessage[];
  /** Groups created or changed at run time (CreateGroup, UpdateGroup). */
  groups?: StoredGroup[];
  /** Groups deleted at run time (DeleteGroup), template groups included. */
  deletedGroups?: string[];
}

/** How many messages a pool's outbox keeps (oldest dropped first). */
const OUTBOX_LIMIT = 500;

export interface UserStoreOptions {
  userPoolId: string;
  stateDir?: string;
  caseSensitive: boolean;
  /** Attributes that always sign users in (UsernameAttributes). */
  usernameAttributes: readonly string[];
  /** Attributes that sign users in once verified (AliasAttributes). */
  aliasAttributes: readonly string[];
}

/**
 * A pool's users, sessions, outbox and run-time group changes, indexed for sign-in by
 * username and by alias, and written to `<stateDir>/pools/<poolId>.json` (atomically)
 * before a change is acknowledged.
 */
export class UserStore {
  private readonly users = new Map<string, StoredUser>();
  private readonly aliases = new Map<string, string>();
  private readonly subs = new Map<string, string>();
  private readonly sessionsByJti = new Map<string, StoredSession>();
  private readonly sessionsByRefresh = new Map<string, StoredSession>();
  private outboxMessages: OutboxMessage[] = [];
  private readonly changedGroups = new Map<string, StoredGroup>();
  private readonly deletedGroups = new Set<string>();
  private createdAt = Date.now();
  private readonly writer: CoalescingWriter;

  private constructor(private readonly options: UserStoreOptions, file: string | undefined) {
    this.writer = new CoalescingWriter(file, () => JSON.stringify(this.document()));
  }

  static async open(options: UserStoreOptions): Promise<UserStore> {
    const file = options.stateDir ? path.join(options.stateDir, 'pools', `${options.userPoolId}.json`) : undefined;
    const store = new UserStore(options, file);
    if (file && existsSync(file)) {
      const saved = JSON.parse(await readFile(file, 'utf8')) as PoolDocument;
      for (const user of saved.users) store.put(user);
      for (const session of saved.sessions) store.putSession(session);
      store.outboxMessages = saved.outbox ?? [];
      for (const group of saved.groups ?? []) store.changedGroups.set(group.name, group);
      for (const name of saved.deletedGroups ?? []) store.deletedGroups.add(name);
      if (saved.created !== undefined) store.createdAt = saved.created;
    }
    return store;
  }

  /** Persists every change made so far; resolves once it is on disk. */
  save(): Promise<void> {
    return this.writer.save();
  }

  private document(): PoolDocument {
    const now = Date.now();
    return {
      version: 1,
      created: this.createdAt,
      users: [...this.users.values()],
      sessions: [...this.sessionsByJti.values()].filter((session) => session.expiresAt > now),
      outbox: this.outboxMessages,
      groups: [...this.changedGroups.values()],
      deletedGroups: [...this.deletedGroups],
    };
  }

  /** When the pool's state began (epoch ms). */
  get created(): number {
    return this.createdAt;
  }

  /** Usernames compare as the pool's case sensitivity says. */
  key(name: string): string {
    return this.options.caseSensitive ? name : name.toLowerCase();
  }

  private aliasKeys(user: StoredUser): string[] {
    const keys: string[] = [];
    for (const attribute of this.options.usernameAttributes) {
      const value = user.attributes[attribute];
      if (value) keys.push(`${attribute}\0${this.key(value)}`);
    }
    for (const attribute of this.options.aliasAttributes) {
      const value = user.attributes[attribute];
      const verified = attribute === 'preferred_username' || user.attributes[`${attribute}_verified`] === 'true';
      if (value && verified) keys.push(`${attribute}\0${this.key(value)}`);
    }
    return keys;
  }

  /** The user whose username (exactly, per case sensitivity) is `username`. */
  get(username: string): StoredUser | undefined {
    return this.users.get(this.key(username));
  }

  bySub(sub: string): StoredUser | undefined {
    const username = this.subs.get(sub);
    return username === undefined ? undefined : this.users.get(this.key(username));
  }

  /** The user an attribute value signs in (email, phone, preferred_username), if any. */
  byAlias(attribute: string, value: string): StoredUser | undefined {
    const username = this.aliases.get(`${attribute}\0${this.key(value)}`);
    return username === undefined ? undefined : this.users.get(this.key(username));
  }

  /** The user a sign-in name means: the username, else an alias. */
  find(name: string): StoredUser | undefined {
    const direct = this.get(name);
    if (direct) return direct;
    for (const attribute of [...this.options.usernameAttributes, ...this.options.aliasAttributes]) {
      const user = this.byAlias(attribute, name);
      if (user) return user;
    }
    return undefined;
  }

  all(): StoredUser[] {
    return [...this.users.values()];
  }

  get size(): number {
    return this.users.size;
  }

  /** Adds or replaces a user and re-indexes its aliases. */
  put(user: StoredUser): void {
    const previous = this.users.get(this.key(user.username));
    if (previous) this.unindex(previous);
    this.users.set(this.key(user.username), user);
    this.subs.set(user.attributes.sub, user.username);
    for (const key of this.aliasKeys(user)) this.aliases.set(key, user.username);
  }

  remove(user: StoredUser): void {
    this.unindex(user);
    this.users.delete(this.key(user.username));
    for (const session of this.sessionsOf(user.username)) this.deleteSession(session);
  }

  private unindex(user: StoredUser): void {
    this.subs.delete(user.attributes.sub);
    for (const key of this.aliasKeys(user)) if (this.aliases.get(key) === user.username) this.aliases.delete(key);
  }

  // Sessions

  putSession(session: StoredSession): void {
    const previous = this.sessionsByJti.get(session.originJti);
    if (previous) {
      this.sessionsByRefresh.delete(previous.refreshTokenHash);
      if (previous.previousRefreshTokenHash) this.sessionsByRefresh.delete(previous.previousRefreshTokenHash);
    }
    this.sessionsByJti.set(session.originJti, session);
    this.sessionsByRefresh.set(session.refreshTokenHash, session);
    if (session.previousRefreshTokenHash) this.sessionsByRefresh.set(session.previousRefreshTokenHash, session);
  }

  session(originJti: string): StoredSession | undefined {
    return this.sessionsByJti.get(originJti);
  }

  sessionByRefreshHash(hash: string): StoredSession | undefined {
    return this.sessionsByRefresh.get(hash);
  }

  sessionsOf(username: string): StoredSession[] {
    const key = this.key(username);
    return [...this.sessionsByJti.values()].filter((session) => this.key(session.username) === key);
  }

  private deleteSession(session: StoredSession): void {
    this.sessionsByJti.delete(session.originJti);
    this.sessionsByRefresh.delete(session.refreshTokenHash);
    if (session.previousRefreshTokenHash) this.sessionsByRefresh.delete(session.previousRefreshTokenHash);
  }

  // Groups changed at run time (the template's groups are the assembly's)

  /** Records a group created or updated at run time. */
  putGroup(group: StoredGroup): void {
    this.changedGroups.set(group.name, group);
    this.deletedGroups.delete(group.name);
  }

  /** Records a group deleted at run time, so that a template group stays deleted after a restart. */
  removeGroup(name: string): void {
    this.changedGroups.delete(name);
    this.deletedGroups.add(name);
  }

  /** The run-time group changes to lay over the template's groups. */
  groupChanges(): { changed: StoredGroup[]; deleted: ReadonlySet<string> } {
    return { changed: [...this.changedGroups.values()], deleted: this.deletedGroups };
  }

  // Outbox

  deliver(message: OutboxMessage): void {
    this.outboxMessages.push(message);
    if (this.outboxMessages.length > OUTBOX_LIMIT) this.outboxMessages.splice(0, this.outboxMessages.length - OUTBOX_LIMIT);
  }

  outbox(): readonly OutboxMessage[] {
    return this.outboxMessages;
  }
}
