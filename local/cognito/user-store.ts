import type { Collection, ServiceState } from '../state';
import type { PasswordVerifier } from './srp';

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

/** A run-time change of a group (CreateGroup, UpdateGroup, DeleteGroup), laid over the template's groups. */
type GroupChange = { group: StoredGroup } | { deleted: true };

/** The pool's one `info` record: when its state began (epoch ms). */
interface PoolInfo {
  created: number;
}

/** `<state>/cognito/pools/<poolId>.json`: a pool's state before the state store. */
interface LegacyPoolDocument {
  created?: number;
  users: StoredUser[];
  sessions: StoredSession[];
  outbox?: OutboxMessage[];
  groups?: StoredGroup[];
  deletedGroups?: string[];
}

/** How many messages a pool's outbox keeps (oldest dropped first). */
const OUTBOX_LIMIT = 500;

export interface UserStoreOptions {
  userPoolId: string;
  /** The cognito service's part of the state store. */
  state: ServiceState;
  caseSensitive: boolean;
  /** Attributes that always sign users in (UsernameAttributes). */
  usernameAttributes: readonly string[];
  /** Attributes that sign users in once verified (AliasAttributes). */
  aliasAttributes: readonly string[];
}

/** A collection's records as last written, to write only what changed since. */
class SavedRecords<T> {
  private readonly written = new Map<string, string>();

  constructor(readonly collection: Collection<T>) {
    for (const [key, value] of collection.entries()) this.written.set(key, JSON.stringify(value));
  }

  /** Writes the records that differ from what was last written and deletes those gone; durable when it resolves. */
  async save(current: ReadonlyMap<string, T>): Promise<void> {
    const writes: Promise<unknown>[] = [];
    for (const [key, value] of current) {
      const text = JSON.stringify(value);
      if (this.written.get(key) === text) continue;
      writes.push(this.collection.put(key, JSON.parse(text) as T).then(() => this.written.set(key, text)));
    }
    for (const key of this.written.keys()) {
      if (!current.has(key)) writes.push(this.collection.delete(key).then(() => this.written.delete(key)));
    }
    await Promise.all(writes);
    // Writes another save started before this one may still run: this save's changes are durable only after them.
    await this.collection.settled();
  }
}

/**
 * A pool's users, sessions, outbox and run-time group changes, indexed for sign-in by username
 * and by alias, kept in the state store's `users.<poolId>`, `sessions.<poolId>`, `outbox.<poolId>`
 * and `groups.<poolId>` collections (and when the pool's state began, in `pool.<poolId>`).
 * Operations change users in place (or `put` them) and then `save()`, which writes every record
 * that changed since the last save before the change is acknowledged.
 */
export class UserStore {
  private readonly users = new Map<string, StoredUser>();
  private readonly aliases = new Map<string, string>();
  private readonly subs = new Map<string, string>();
  private readonly sessionsByJti = new Map<string, StoredSession>();
  private readonly sessionsByRefresh = new Map<string, StoredSession>();
  private outboxMessages: OutboxMessage[] = [];
  private readonly groupChangesByName = new Map<string, GroupChange>();
  private createdAt = Date.now();

  private constructor(
    private readonly options: UserStoreOptions,
    private readonly saved: {
      users: SavedRecords<StoredUser>;
      sessions: SavedRecords<StoredSession>;
      outbox: SavedRecords<OutboxMessage>;
      groups: SavedRecords<GroupChange>;
    },
  ) {}

  static async open(options: UserStoreOptions): Promise<UserStore> {
    const { state, userPoolId } = options;
    const [users, sessions, outbox, groups, info] = await Promise.all([
      state.collection<StoredUser>(`users.${userPoolId}`, { version: 1, mode: 0o600 }),
      state.collection<StoredSession>(`sessions.${userPoolId}`, { version: 1, mode: 0o600 }),
      state.collection<OutboxMessage>(`outbox.${userPoolId}`, { version: 1, mode: 0o600 }),
      state.collection<GroupChange>(`groups.${userPoolId}`, { version: 1 }),
      state.collection<PoolInfo>(`pool.${userPoolId}`, { version: 1 }),
    ]);
    const store = new UserStore(options, {
      users: new SavedRecords(users),
      sessions: new SavedRecords(sessions),
      outbox: new SavedRecords(outbox),
      groups: new SavedRecords(groups),
    });
    for (const user of users.values()) store.put(user);
    for (const session of sessions.values()) store.putSession(session);
    store.outboxMessages = [...outbox.values()].sort((a, b) => a.at.localeCompare(b.at));
    for (const [name, change] of groups.entries()) store.groupChangesByName.set(name, change);
    const legacy = await state.legacyJson<LegacyPoolDocument>(`pools/${userPoolId}.json`);
    if (legacy) {
      for (const user of legacy.value.users) store.put(user);
      for (const session of legacy.value.sessions) store.putSession(session);
      store.outboxMessages = legacy.value.outbox ?? [];
      for (const group of legacy.value.groups ?? []) store.putGroup(group);
      for (const name of legacy.value.deletedGroups ?? []) store.removeGroup(name);
    }
    store.createdAt = legacy?.value.created ?? info.get('info')?.created ?? store.createdAt;
    if (info.get('info')?.created !== store.createdAt) await info.put('info', { created: store.createdAt });
    if (legacy) {
      await store.save();
      await legacy.remove();
    }
    return store;
  }

  /** Persists every change made so far; resolves once it is on disk. */
  async save(): Promise<void> {
    const now = Date.now();
    // Expired sessions are not kept across a restart (in memory they answer as expired until then).
    const live = new Map([...this.sessionsByJti].filter(([, session]) => session.expiresAt > now));
    await Promise.all([
      this.saved.users.save(this.users),
      this.saved.sessions.save(live),
      this.saved.outbox.save(new Map(this.outboxMessages.map((message) => [message.id, message]))),
      this.saved.groups.save(this.groupChangesByName),
    ]);
  }

  /** When the pool's state began (epoch ms): the template's groups date from then. */
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
    this.groupChangesByName.set(group.name, { group });
  }

  /** Records a group deleted at run time, so that a template group stays deleted after a restart. */
  removeGroup(name: string): void {
    this.groupChangesByName.set(name, { deleted: true });
  }

  /** The run-time group changes to lay over the template's groups. */
  groupChanges(): { changed: StoredGroup[]; deleted: ReadonlySet<string> } {
    const changed: StoredGroup[] = [];
    const deleted = new Set<string>();
    for (const [name, change] of this.groupChangesByName) {
      if ('group' in change) changed.push(change.group);
      else deleted.add(name);
    }
    return { changed, deleted };
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
