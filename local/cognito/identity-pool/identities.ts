import { randomUUID } from 'node:crypto';
import type { Collection, ServiceState } from '../../state';

/** An identity of an identity pool: a guest, or linked to the logins that proved who it is. */
export interface Identity {
  identityId: string;
  identityPoolId: string;
  /** Provider name → the user's `sub` there. Empty for guests. */
  logins: Record<string, string>;
  creationDate: number;
  lastModifiedDate: number;
}

/** `<state>/cognito-identity/identities.json`: the identities before the state store. */
interface LegacyFile {
  identities: Identity[];
}

/**
 * Identities and the logins linked to them, so that a user gets the same identity id (and
 * so the same `${cognito-identity.amazonaws.com:sub}` folders) every time. Kept in the state
 * store's `identities` collection; a call that created or linked an identity answers once
 * that is durable.
 */
export class IdentityStore {
  /** `<pool>\0<provider>\0<sub>` → identity id. */
  private readonly byLogin = new Map<string, string>();
  /** Serializes changes, so two concurrent first sign-ins of one user make one identity. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Identities changed by the running `change`, written when it ends. */
  private readonly changed = new Set<string>();
  private readonly byId = new Map<string, Identity>();

  private constructor(
    private readonly identities: Collection<Identity>,
    private readonly region: string,
    private readonly now: () => number,
  ) {}

  static async open(state: ServiceState, region: string, now: () => number = Date.now): Promise<IdentityStore> {
    const store = new IdentityStore(await state.collection<Identity>('identities', { version: 1 }), region, now);
    for (const identity of store.identities.values()) store.index(identity);
    const legacy = await state.legacyJson<LegacyFile>('identities.json');
    if (legacy) {
      await store.change(() => legacy.value.identities.forEach((identity) => store.touch(identity)));
      await legacy.remove();
    }
    return store;
  }

  get size(): number {
    return this.byId.size;
  }

  get(identityId: string): Identity | undefined {
    return this.byId.get(identityId);
  }

  /** The identities of a pool, oldest first. */
  ofPool(identityPoolId: string): Identity[] {
    return [...this.byId.values()].filter((identity) => identity.identityPoolId === identityPoolId).sort((a, b) => a.creationDate - b.creationDate || a.identityId.localeCompare(b.identityId));
  }

  findByLogin(identityPoolId: string, provider: string, sub: string): Identity | undefined {
    const id = this.byLogin.get(`${identityPoolId}\0${provider}\0${sub}`);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Runs a change to the store alone, then writes what it changed; resolves once durable. */
  change<T>(apply: () => T): Promise<T> {
    const run = this.queue.then(async () => {
      const result = apply();
      const ids = [...this.changed];
      this.changed.clear();
      await Promise.all(ids.map((id) => {
        const identity = this.byId.get(id);
        return identity ? this.identities.put(id, { ...identity, logins: { ...identity.logins } }) : this.identities.delete(id);
      }));
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A new identity (call inside `change`). */
  create(identityPoolId: string, logins: Record<string, string>): Identity {
    const now = this.now();
    const identity: Identity = { identityId: `${this.region}:${randomUUID()}`, identityPoolId, logins: { ...logins }, creationDate: now, lastModifiedDate: now };
    this.touch(identity);
    return identity;
  }

  /** Links logins to an identity (call inside `change`). */
  link(identity: Identity, logins: Record<string, string>): void {
    Object.assign(identity.logins, logins);
    identity.lastModifiedDate = this.now();
    this.touch(identity);
  }

  /** Removes a guest identity merged into an authenticated one (call inside `change`). */
  remove(identity: Identity): void {
    this.byId.delete(identity.identityId);
    for (const [provider, sub] of Object.entries(identity.logins)) this.byLogin.delete(`${identity.identityPoolId}\0${provider}\0${sub}`);
    this.changed.add(identity.identityId);
  }

  private touch(identity: Identity): void {
    this.index(identity);
    this.changed.add(identity.identityId);
  }

  private index(identity: Identity): void {
    this.byId.set(identity.identityId, identity);
    for (const [provider, sub] of Object.entries(identity.logins)) this.byLogin.set(`${identity.identityPoolId}\0${provider}\0${sub}`, identity.identityId);
  }
}
