import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';

/** An identity of an identity pool: a guest, or linked to the logins that proved who it is. */
export interface Identity {
  identityId: string;
  identityPoolId: string;
  /** Provider name → the user's `sub` there. Empty for guests. */
  logins: Record<string, string>;
  creationDate: number;
  lastModifiedDate: number;
}

interface StoreFile {
  identities: Identity[];
}

const FILE = 'identities.json';

/**
 * Identities and the logins linked to them, so that a user gets the same identity id (and
 * so the same `${cognito-identity.amazonaws.com:sub}` folders) every time. Written to the
 * state directory before a call that created or linked an identity answers.
 */
export class IdentityStore {
  private readonly byId = new Map<string, Identity>();
  /** `<pool>\0<provider>\0<sub>` → identity id. */
  private readonly byLogin = new Map<string, string>();
  /** Serializes changes, so two concurrent first sign-ins of one user make one identity. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly file: string | undefined, private readonly region: string) {}

  static async open(stateDir: string | undefined, region: string): Promise<IdentityStore> {
    const store = new IdentityStore(stateDir ? path.join(stateDir, FILE) : undefined, region);
    if (store.file && existsSync(store.file)) {
      const saved = JSON.parse(await readFile(store.file, 'utf8')) as StoreFile;
      for (const identity of saved.identities) store.index(identity);
    }
    return store;
  }

  get size(): number {
    return this.byId.size;
  }

  get(identityId: string): Identity | undefined {
    return this.byId.get(identityId);
  }

  findByLogin(identityPoolId: string, provider: string, sub: string): Identity | undefined {
    const id = this.byLogin.get(`${identityPoolId}\0${provider}\0${sub}`);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Runs a change to the store alone, then saves it. */
  change<T>(apply: () => T): Promise<T> {
    const run = this.queue.then(async () => {
      const result = apply();
      await this.save();
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A new identity (call inside `change`). */
  create(identityPoolId: string, logins: Record<string, string>): Identity {
    const now = Date.now();
    const identity: Identity = { identityId: `${this.region}:${randomUUID()}`, identityPoolId, logins: { ...logins }, creationDate: now, lastModifiedDate: now };
    this.index(identity);
    return identity;
  }

  /** Links logins to an identity (call inside `change`). */
  link(identity: Identity, logins: Record<string, string>): void {
    Object.assign(identity.logins, logins);
    identity.lastModifiedDate = Date.now();
    this.index(identity);
  }

  /** Removes a guest identity merged into an authenticated one (call inside `change`). */
  remove(identity: Identity): void {
    this.byId.delete(identity.identityId);
    for (const [provider, sub] of Object.entries(identity.logins)) this.byLogin.delete(`${identity.identityPoolId}\0${provider}\0${sub}`);
  }

  private index(identity: Identity): void {
    this.byId.set(identity.identityId, identity);
    for (const [provider, sub] of Object.entries(identity.logins)) this.byLogin.set(`${identity.identityPoolId}\0${provider}\0${sub}`, identity.identityId);
  }

  private async save(): Promise<void> {
    if (!this.file) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(JSON.stringify({ identities: [...this.byId.values()] } satisfies StoreFile));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.file);
  }
}
