/**
 * Lambda authorizer results cached by their identity sources for the authorizer's TTL, as API
 * Gateway caches them: within the TTL the same identity gets the cached answer (an allow, or a
 * policy evaluated anew for each method) without invoking the function; after it, the function
 * is asked again.
 */

/** Entries kept per API Gateway before the oldest are dropped. */
const MAX_ENTRIES = 10_000;

export class AuthorizerCache<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T, ttlSeconds: number): void {
    if (ttlSeconds <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
  }
}
