/**
 * AppSync's real-time protocol (`graphql-ws` as AppSync speaks it): message types
 * and the error shapes aws-amplify v6 reads (`errorType`, `errorCode` decide
 * whether the client retries).
 */
export const MessageType = {
  CONNECTION_INIT: 'connection_init',
  CONNECTION_ACK: 'connection_ack',
  CONNECTION_ERROR: 'connection_error',
  KEEP_ALIVE: 'ka',
  START: 'start',
  START_ACK: 'start_ack',
  DATA: 'data',
  ERROR: 'error',
  STOP: 'stop',
  COMPLETE: 'complete',
} as const;

export const SUBPROTOCOL = 'graphql-ws';

/** AppSync's real-time limits. */
export const REALTIME_LIMITS = {
  /** Largest subscription message AppSync delivers. */
  payloadBytes: 240 * 1024,
  subscriptionsPerConnection: 100,
  /** What connection_ack announces: the client drops the socket after this long without a `ka`. */
  connectionTimeoutMs: 300_000,
} as const;

export interface RealtimeErrorEntry {
  errorType: string;
  message: string;
  errorCode?: number;
}

export class RealtimeError extends Error {
  constructor(readonly errorType: string, message: string, readonly errorCode?: number) {
    super(message);
    this.name = errorType;
  }

  toEntry(): RealtimeErrorEntry {
    return this.errorCode === undefined
      ? { errorType: this.errorType, message: this.message }
      : { errorType: this.errorType, message: this.message, errorCode: this.errorCode };
  }
}

export const unauthorized = (message = 'You are not authorized to make this call.') => new RealtimeError('UnauthorizedException', message, 401);
