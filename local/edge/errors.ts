import { hostName } from './access-policy';

/** Errors the edge itself answers, in the shape of the protocol the caller speaks. */
export class EdgePortInUseError extends Error {
  readonly resolution: string;
  constructor(readonly host: string, readonly port: number) {
    super(`Port ${port} on ${host} is already in use`);
    this.name = 'EdgePortInUseError';
    this.resolution = `Stop the process using it, or start the local cloud on another port with --port <number> (or FLARE_PORT).`;
  }
}

/** JSON-protocol error body: `{ __type, message }`. */
export function jsonErrorBody(type: string, message: string): string {
  return JSON.stringify({ __type: type, message });
}

export class RequestTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds the limit of ${limit} bytes`);
    this.name = 'RequestTooLargeError';
  }
}

/**
 * A request the edge refuses before any route sees it: a `Host` or an `Origin` outside the
 * allow-lists (see access-policy.ts). 403, in the JSON shape the edge answers in, naming the
 * setting that would allow it.
 */
export class EdgeAccessDeniedError extends Error {
  readonly statusCode = 403;
  constructor(readonly type: 'HostNotAllowed' | 'OriginNotAllowed', message: string) {
    super(message);
    this.name = type;
  }

  static host(host: string | undefined): EdgeAccessDeniedError {
    const name = host ? hostName(host) : undefined;
    return new EdgeAccessDeniedError(
      'HostNotAllowed',
      name
        ? `The local cloud answers only loopback host names (127.0.0.1, localhost, [::1]), not '${name}'. To allow it, start the local cloud with --allow-host ${name} (or FLARE_ALLOW_HOSTS=${name}).`
        : 'The local cloud answers only requests with a Host header naming loopback (127.0.0.1, localhost, [::1]) or a host added with --allow-host (or FLARE_ALLOW_HOSTS).',
    );
  }

  static origin(origin: string): EdgeAccessDeniedError {
    return new EdgeAccessDeniedError(
      'OriginNotAllowed',
      `The local cloud answers web pages of loopback origins only, not '${origin}'. To allow it, start the local cloud with --allow-origin ${origin} (or FLARE_ALLOW_ORIGINS=${origin}).`,
    );
  }

  /** The JSON body (`{ __type, message }`). */
  body(): string {
    return jsonErrorBody(this.type, this.message);
  }
}
