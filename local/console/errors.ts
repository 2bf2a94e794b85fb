import type { ServerResponse } from 'node:http';
import { JsonServiceError } from '../edge';

/**
 * An error of the console's local endpoints (`/_flare/console/api/…`), in the JSON
 * shape AWS JSON services use: `{ __type, message }` with `x-amzn-ErrorType`.
 */
export class ConsoleError extends JsonServiceError {

  static notFound(what: string): ConsoleError {
    return new ConsoleError('ResourceNotFoundException', `${what} does not exist in this local cloud`, 404);
  }

  static forbidden(message: string): ConsoleError {
    return new ConsoleError('AccessDeniedException', message, 403);
  }

  static invalid(message: string): ConsoleError {
    return new ConsoleError('ValidationException', message, 400);
  }

  /** The service a page needs is not running in this local cloud. */
  static serviceNotRunning(service: string): ConsoleError {
    return new ConsoleError('ServiceUnavailableException', `The local ${service} service is not running in this local cloud`, 503);
  }

  /** Answers with this error (the console's endpoints are not a JSON-protocol service, so they send it themselves). */
  send(response: ServerResponse): void {
    sendJson(response, this.statusCode, { __type: this.type, message: this.message }, { 'x-amzn-ErrorType': this.type });
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body ?? {});
  response
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'cache-control': 'no-store', ...headers })
    .end(payload);
}

/** A reset asked of a local cloud whose services were given as instances, which cannot start twice. */
export class ResetUnavailableError extends ConsoleError {
  constructor() {
    super('ResetUnavailableException', 'This local cloud was given service instances, which cannot start twice: pass `services` as a factory to reset it', 409);
  }
}
