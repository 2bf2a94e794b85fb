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
