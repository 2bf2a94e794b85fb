import { createHmac, randomInt } from 'node:crypto';
import { toAttributeList, type AttributeList } from './attributes';
import { ResourceNotFoundException, UsernameExistsException } from './errors';
import type { UserPoolClientConfig, UserPoolConfig, UserPoolGroupConfig } from './pool-config';
import type { SigningKey } from './signing-keys';
import { paddedHex } from './srp';
import type { CodePurpose, StoredGroup, StoredUser, UserStore } from './user-store';

/** How long codes stay valid, as Cognito documents them. */
export const CODE_VALIDITY_SECONDS: Record<'signUp' | 'forgotPassword' | 'verify', number> = {
  signUp: 24 * 3600,
  forgotPassword: 3600,
  verify: 24 * 3600,
};

/** Failed password attempts after which sign-in backs off, and the longest lockout. */
const LOCKOUT_FREE_ATTEMPTS = 5;
const LOCKOUT_MAX_SECONDS = 15 * 60;
/** Wrong codes accepted before LimitExceededException, and how long that lasts. */
const CODE_FREE_ATTEMPTS = 5;
const CODE_LOCK_SECONDS = 15 * 60;
/** Codes sent per user and purpose per hour before LimitExceededException. */
const CODES_PER_HOUR = 5;

interface Lockout {
  failures: number;
  lockedUntil: number;
  lastAttempt: number;
}

/**
 * One user pool at run time: its settings, clients and groups from the assembly, its
 * users and sessions, its signing key, and the in-memory throttles Cognito applies to
 * repeated failures.
 */
export class UserPool {
  readonly clients = new Map<string, UserPoolClientConfig>();
  readonly groups = new Map<string, StoredGroup>();
  private readonly signInLockouts = new Map<string, Lockout>();
  private readonly codeFailures = new Map<string, Lockout>();
  private readonly codeSends = new Map<string, number[]>();

  constructor(
    readonly config: UserPoolConfig,
    readonly store: UserStore,
    readonly key: SigningKey,
    private readonly now: () => number,
  ) {}

  get id(): string {
    return this.config.id;
  }

  /** Throws UsernameExistsException, in Cognito's words for the kind of name, when the name is taken. */
  assertUsernameFree(name: string, usernameAttribute: string | undefined, admin = false): void {
    if (usernameAttribute) {
      if (this.store.byAlias(usernameAttribute, name)) {
        throw new UsernameExistsException(`An account with the given ${usernameAttribute === 'email' ? 'email' : 'phone_number'} already exists.`);
      }
    } else if (this.store.get(name)) {
      throw new UsernameExistsException(admin ? 'User account already exists' : 'User already exists');
    }
  }

  /**
   * The template's groups with the run-time changes (CreateGroup, UpdateGroup, DeleteGroup)
   * laid over them: a template group dates from when the pool's state began.
   */
  loadGroups(template: readonly UserPoolGroupConfig[]): void {
    const { changed, deleted } = this.store.groupChanges();
    const since = this.store.created;
    for (const { name, description, precedence, roleArn } of template) {
      if (!deleted.has(name)) this.groups.set(name, { name, description, precedence, roleArn, created: since, modified: since });
    }
    for (const group of changed) this.groups.set(group.name, group);
  }

  /**
   * What SRP sign-in shows for a name that is no user, when the client hides whether users
   * exist: a salt that is the same for the name at every attempt (as a real user's is) and
   * an id shaped as the pool's real ones (a UUID where users sign in with an email or phone
   * number, the name itself otherwise).
   */
  decoyIdentity(name: string): { salt: string; userId: string } {
    const normalized = this.config.caseSensitive ? name : name.toLowerCase();
    const digest = (purpose: string) => createHmac('sha256', this.key.secret).update(`${purpose}\0${normalized}`).digest();
    const salt = paddedHex(BigInt(`0x${digest('salt').subarray(0, 16).toString('hex')}`));
    if (this.config.usernameAttributes.length === 0) return { salt, userId: name };
    const bytes = digest('id').subarray(0, 16);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4, as Cognito's subs are
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return { salt, userId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
  }

  /** A group of the pool, else ResourceNotFoundException as Cognito words it. */
  group(name: string): StoredGroup {
    const group = this.groups.get(name);
    if (!group) throw new ResourceNotFoundException('Group not found.');
    return group;
  }

  /** Adds or replaces a group; it outlives restarts once the store is saved. */
  putGroup(group: StoredGroup): void {
    this.groups.set(group.name, group);
    this.store.putGroup(group);
  }

  /** Deletes a group and every user's membership of it, as Cognito does. */
  deleteGroup(name: string): void {
    this.groups.delete(name);
    this.store.removeGroup(name);
    for (const user of this.store.all()) {
      if (!user.groups.includes(name)) continue;
      user.groups = user.groups.filter((member) => member !== name);
      this.store.put(user);
    }
  }

  /** Groups of a user, best precedence (lowest number) first, as Cognito orders `cognito:groups`. */
  groupsOf(user: StoredUser): StoredGroup[] {
    return user.groups
      .map((name) => this.groups.get(name))
      .filter((group): group is StoredGroup => group !== undefined)
      .sort((a, b) => (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name));
  }

  /**
   * `cognito:preferred_role`: the role of the best-precedence group that has one. Groups tied
   * at that precedence with different roles give none, as Cognito documents.
   */
  preferredRole(groups: readonly StoredGroup[]): string | undefined {
    const withRole = groups.filter((group) => group.roleArn !== undefined);
    if (withRole.length === 0) return undefined;
    const roles = new Set(withRole.filter((group) => group.precedence === withRole[0].precedence).map((group) => group.roleArn));
    return roles.size === 1 ? withRole[0].roleArn : undefined;
  }

  /** The attributes a client may read (ReadAttributes), everything when it names none. */
  readableAttributes(user: StoredUser, client?: UserPoolClientConfig): AttributeList {
    const readable = client?.readAttributes ? new Set([...client.readAttributes, 'sub']) : undefined;
    return toAttributeList(user.attributes, readable);
  }

  /** Cognito's UserType (ListUsers, AdminCreateUser, ListUsersInGroup). */
  userType(user: StoredUser, only?: ReadonlySet<string>): Record<string, unknown> {
    return {
      Username: user.username,
      Attributes: toAttributeList(user.attributes, only),
      UserCreateDate: user.created / 1000,
      UserLastModifiedDate: user.modified / 1000,
      Enabled: user.enabled,
      UserStatus: user.status,
    };
  }

  /** Cognito's GroupType (GetGroup, ListGroups, CreateGroup…): dates in epoch seconds. */
  groupType(group: StoredGroup): Record<string, unknown> {
    return {
      GroupName: group.name,
      UserPoolId: this.id,
      ...(group.description !== undefined && { Description: group.description }),
      ...(group.roleArn !== undefined && { RoleArn: group.roleArn }),
      ...(group.precedence !== undefined && { Precedence: group.precedence }),
      LastModifiedDate: group.modified / 1000,
      CreationDate: group.created / 1000,
    };
  }

  /** A fresh six-digit code stored on the user for `purpose`. */
  issueCode(user: StoredUser, purpose: CodePurpose, validitySeconds: number, attribute?: string): string {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    user.codes[purpose] = { code, expiresAt: this.now() + validitySeconds * 1000, ...(attribute && { attribute }) };
    return code;
  }

  // Throttles. Cognito's documented sign-in lockout: after five failures, 2^(n-5) seconds,
  // doubling up to about 15 minutes; attempts during a lockout do not count; 15 idle minutes reset it.

  /** Whether password sign-in is locked out for this user right now. */
  signInLocked(username: string): boolean {
    const state = this.fresh(this.signInLockouts, username);
    return state !== undefined && state.lockedUntil > this.now();
  }

  recordSignInFailure(username: string): void {
    const state = this.fresh(this.signInLockouts, username) ?? { failures: 0, lockedUntil: 0, lastAttempt: 0 };
    state.failures += 1;
    state.lastAttempt = this.now();
    if (state.failures >= LOCKOUT_FREE_ATTEMPTS) {
      state.lockedUntil = this.now() + Math.min(2 ** (state.failures - LOCKOUT_FREE_ATTEMPTS), LOCKOUT_MAX_SECONDS) * 1000;
    }
    this.signInLockouts.set(username, state);
  }

  recordSignInSuccess(username: string): void {
    this.signInLockouts.delete(username);
  }

  /** Whether wrong codes have locked this user's `purpose` for a while. */
  codeLocked(username: string, purpose: string): boolean {
    const state = this.fresh(this.codeFailures, `${username}\0${purpose}`);
    return state !== undefined && state.lockedUntil > this.now();
  }

  recordCodeFailure(username: string, purpose: string): void {
    const key = `${username}\0${purpose}`;
    const state = this.fresh(this.codeFailures, key) ?? { failures: 0, lockedUntil: 0, lastAttempt: 0 };
    state.failures += 1;
    state.lastAttempt = this.now();
    if (state.failures >= CODE_FREE_ATTEMPTS) state.lockedUntil = this.now() + CODE_LOCK_SECONDS * 1000;
    this.codeFailures.set(key, state);
  }

  recordCodeSuccess(username: string, purpose: string): void {
    this.codeFailures.delete(`${username}\0${purpose}`);
  }

  /** Counts one code sent; false when the user asked for too many within the hour. */
  allowCodeSend(username: string, purpose: string): boolean {
    const key = `${username}\0${purpose}`;
    const hourAgo = this.now() - 3600_000;
    const recent = (this.codeSends.get(key) ?? []).filter((at) => at > hourAgo);
    if (recent.length >= CODES_PER_HOUR) return false;
    recent.push(this.now());
    this.codeSends.set(key, recent);
    return true;
  }

  /** The throttle state, dropped once it has been idle for 15 minutes. */
  private fresh(map: Map<string, Lockout>, key: string): Lockout | undefined {
    const state = map.get(key);
    if (state && this.now() - Math.max(state.lastAttempt, state.lockedUntil) > LOCKOUT_MAX_SECONDS * 1000) {
      map.delete(key);
      return undefined;
    }
    return state;
  }
}
