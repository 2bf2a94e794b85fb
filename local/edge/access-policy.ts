/**
 * Who may talk to the edge, decided before any route runs. The edge binds loopback only, but
 * a web page the developer visits can still reach it: directly from its own origin (the
 * browser sends that `Origin`), or after a DNS rebind, under its own host name (the browser
 * then sends that `Host`, and counts the page as same-origin). So:
 *
 * - the `Host` must name this machine's loopback (`127.0.0.1` and the rest of 127/8,
 *   `localhost` and `*.localhost`, which browsers resolve to loopback themselves, `[::1]`)
 *   or a name the user added (`--allow-host`, `FLARE_ALLOW_HOSTS`): a rebound name is none
 *   of these;
 * - an `Origin`, when the request carries one, must be a loopback origin (any scheme, any
 *   port: the Vite app, tests) or one the user added (`--allow-origin`, `FLARE_ALLOW_ORIGINS`,
 *   or any origin on an added host).
 */

/** The settings a local cloud takes (`startLocalCloud({ allowHosts, allowOrigins })`). */
export interface AccessPolicyOptions {
  /** Host names (no port) answered beside loopback's; `*.example.test` allows every subdomain. */
  allowHosts?: readonly string[];
  /** Origins (`https://app.example.test:8443`) granted CORS beside loopback's. */
  allowOrigins?: readonly string[];
}

/** The environment variables that add hosts and origins (comma- or space-separated). */
export const ACCESS_ENVIRONMENT = { hosts: 'FLARE_ALLOW_HOSTS', origins: 'FLARE_ALLOW_ORIGINS' } as const;

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** The host name of a `Host` header value, lower-cased, port removed (`[::1]:4566` → `[::1]`). */
export function hostName(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end < 0 ? value : value.slice(0, end + 1);
  }
  const colon = value.lastIndexOf(':');
  return colon < 0 ? value : value.slice(0, colon);
}

/** Names that reach this machine's loopback only: no DNS answer can make another site one of them. */
export function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || IPV4_LOOPBACK.test(name);
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

/** Hosts and origins from the environment, for `startLocalCloud`'s defaults. */
export function accessFromEnvironment(env: NodeJS.ProcessEnv = process.env): Required<AccessPolicyOptions> {
  return { allowHosts: splitList(env[ACCESS_ENVIRONMENT.hosts]), allowOrigins: splitList(env[ACCESS_ENVIRONMENT.origins]) };
}

/**
 * The edge's Host and Origin allow-lists.
 * @example
 * const policy = new AccessPolicy({ allowHosts: ['devbox.test'] });
 * policy.allowsHost('devbox.test:4566'); // true
 * policy.allowsOrigin('https://evil.example'); // false
 */
export class AccessPolicy {
  private readonly hosts: ReadonlySet<string>;
  private readonly hostSuffixes: readonly string[];
  private readonly origins: ReadonlySet<string>;

  constructor(options: AccessPolicyOptions = {}) {
    const hosts = (options.allowHosts ?? []).map((host) => host.trim().toLowerCase()).filter(Boolean);
    this.hosts = new Set(hosts.filter((host) => !host.startsWith('*.')));
    this.hostSuffixes = hosts.filter((host) => host.startsWith('*.')).map((host) => host.slice(1));
    this.origins = new Set((options.allowOrigins ?? []).map(normalizeOrigin).filter((origin): origin is string => origin !== undefined));
  }

  /** Whether the edge answers a request with this `Host` header. */
  allowsHost(host: string | undefined): boolean {
    if (!host) return false;
    return this.allowsName(hostName(host));
  }

  /** Whether a page of this origin may call the edge (and read its answers). */
  allowsOrigin(origin: string): boolean {
    const normalized = normalizeOrigin(origin);
    if (!normalized) return false;
    if (this.origins.has(normalized)) return true;
    return this.allowsName(new URL(normalized).hostname.toLowerCase());
  }

  private allowsName(name: string): boolean {
    return isLoopbackName(name) || this.hosts.has(name) || this.hostSuffixes.some((suffix) => name.endsWith(suffix));
  }
}

/** `scheme://host[:port]` of an http(s) origin, or undefined (`null`, `file://`, garbage). */
function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}
