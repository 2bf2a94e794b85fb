import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** One secret as the local store keeps it. */
export interface StoredSecret {
  value: string;
  /** Increments on every `set`, like an SSM parameter's version. */
  version: number;
  lastModified: string;
}

interface SecretsDocument {
  secrets: Record<string, StoredSecret>;
}

/** SSM parameter names allow these characters; Amplify secret names are the last path segment. */
const SECRET_NAME = /^[A-Za-z0-9_.-]{1,1011}$/;

export class SecretNameError extends Error {
  constructor(name: string) {
    super(`Secret name ${JSON.stringify(name)} is not valid: use letters, digits, '.', '-' and '_' only`);
    this.name = 'SecretNameError';
  }
}

/**
 * The local stand-in for the secrets `ampx sandbox secret set` keeps in SSM Parameter
 * Store: a JSON file in the state directory (`<state>/ssm/secrets.json`, mode 0600),
 * written atomically and re-read when it changes, so `npm run secret -- set` takes effect
 * in a running local cloud. Values are never logged.
 * @example
 * const secrets = new SecretsFile(SecretsFile.pathIn('.amplify/local/state'));
 * secrets.set('STRIPE_KEY', 'sk_test_…');
 * secrets.names(); // ['STRIPE_KEY']
 */
export class SecretsFile {
  private cache?: { mtimeMs: number; size: number; document: SecretsDocument };

  constructor(readonly file: string) {}

  /** The secrets file of a local cloud's state directory. */
  static pathIn(stateDir: string): string {
    return path.join(stateDir, 'ssm', 'secrets.json');
  }

  get(name: string): StoredSecret | undefined {
    return Object.hasOwn(this.read().secrets, name) ? this.read().secrets[name] : undefined;
  }

  names(): string[] {
    return Object.keys(this.read().secrets).sort();
  }

  set(name: string, value: string): StoredSecret {
    if (!SECRET_NAME.test(name)) throw new SecretNameError(name);
    const document = this.read();
    const previous = Object.hasOwn(document.secrets, name) ? document.secrets[name] : undefined;
    const secret = { value, version: (previous?.version ?? 0) + 1, lastModified: new Date().toISOString() };
    this.write({ secrets: { ...document.secrets, [name]: secret } });
    return secret;
  }

  /** Removes a secret; false when there was none. */
  remove(name: string): boolean {
    const document = this.read();
    if (!Object.hasOwn(document.secrets, name)) return false;
    const secrets = { ...document.secrets };
    delete secrets[name];
    this.write({ secrets });
    return true;
  }

  private read(): SecretsDocument {
    if (!existsSync(this.file)) return { secrets: {} };
    const stat = statSync(this.file);
    if (this.cache && this.cache.mtimeMs === stat.mtimeMs && this.cache.size === stat.size) return this.cache.document;
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<SecretsDocument>;
    const document = { secrets: parsed.secrets ?? {} };
    this.cache = { mtimeMs: stat.mtimeMs, size: stat.size, document };
    return document;
  }

  private write(document: SecretsDocument): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
    this.cache = undefined;
  }
}
