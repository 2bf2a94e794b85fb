/**
 * The console's session: where the edge is and the root's credentials, from the console's
 * own local endpoint (which answers only the console's origin), and the services that run.
 */
export interface Session {
  endpoint: string;
  region: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  services: { name: string; resources: number }[];
}

/** The header every call to the console's local endpoints carries (see local/console/guard.ts). */
const CONSOLE_HEADER = 'x-flare-console';
const API_BASE = `${import.meta.env.BASE_URL}api`;

/** An error answered by a local endpoint, with its AWS-style type. */
export class LocalApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = type;
  }
}

/**
 * Calls one of the console's local endpoints (`/_flare/console/api/…`): only for what no AWS
 * API offers (invocation logs, next fire times, act-as-user tokens, real-time stats, reset).
 * @example
 * const { invocations } = await localApi<{ invocations: Invocation[] }>(`/functions/${name}/invocations`);
 */
export async function localApi<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${API_BASE}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { [CONSOLE_HEADER]: '1', ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return readAnswer<T>(response);
}

async function readAnswer<T>(response: Response): Promise<T> {
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!response.ok) throw new LocalApiError(String(parsed.__type ?? 'Error'), String(parsed.message ?? response.statusText), response.status);
  return parsed as T;
}

declare global {
  interface Window {
    /** The session request index.html starts before the scripts load. */
    consoleSessionResponse?: Promise<Response>;
  }
}

export function loadSession(): Promise<Session> {
  const early = window.consoleSessionResponse;
  window.consoleSessionResponse = undefined;
  return early ? early.then((response) => readAnswer<Session>(response)) : localApi<Session>('/session');
}

/** Whether every service a page needs runs here and holds something (appsync-realtime holds nothing of its own). */
export function servicesPresent(session: Session, required: readonly string[]): boolean {
  return required.every((name) => {
    const service = session.services.find((candidate) => candidate.name === name);
    return service !== undefined && (service.resources > 0 || name === 'appsync-realtime');
  });
}
