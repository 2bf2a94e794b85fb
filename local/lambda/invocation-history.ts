import type { FunctionErrorPayload } from './errors';

/** One finished invocation, as the console lists it (CloudWatch Logs' REPORT line, in short). */
export interface InvocationRecord {
  requestId: string;
  /** Who invoked: `Invoke API`, `scheduler <name>`, `appsync Mutation.x`, a trigger… */
  source?: string;
  /** ISO time the invocation started. */
  startedAt: string;
  durationMs: number;
  /** Init duration when the invocation started its environment (a cold start). */
  initMs?: number;
  /** The response payload (the result or the error object), cut at `PAYLOAD_KEPT` characters. */
  payload?: string;
  payloadTruncated?: boolean;
  error?: FunctionErrorPayload;
  /** Log lines in Lambda's text format, between START and END. */
  logs: string[];
}

/** Invocations kept per function, and payload characters kept per invocation. */
const KEPT_PER_FUNCTION = 50;
const PAYLOAD_KEPT = 16 * 1024;

/**
 * The latest invocations of each function, newest first: what CloudWatch Logs would
 * hold on AWS, for the console (no local CloudWatch Logs API exists).
 */
export class InvocationHistory {
  private readonly byFunction = new Map<string, InvocationRecord[]>();

  add(functionName: string, record: InvocationRecord): void {
    const payload = record.payload;
    const kept = payload !== undefined && payload.length > PAYLOAD_KEPT ? { ...record, payload: payload.slice(0, PAYLOAD_KEPT), payloadTruncated: true } : record;
    let list = this.byFunction.get(functionName);
    if (!list) this.byFunction.set(functionName, (list = []));
    list.unshift(kept);
    if (list.length > KEPT_PER_FUNCTION) list.length = KEPT_PER_FUNCTION;
  }

  of(functionName: string): readonly InvocationRecord[] {
    return this.byFunction.get(functionName) ?? [];
  }
}
