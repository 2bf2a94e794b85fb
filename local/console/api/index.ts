import type { ServerResponse } from 'node:http';
import type { EdgeRequest } from '../../edge';
import { RequestTooLargeError } from '../../edge';
import { ConsoleError, sendJson } from '../errors';
import { CONSOLE_API_PATH, type ConsoleHost } from '../host';
import { invocations } from './invocations';
import { overview } from './overview';
import { realtime } from './realtime';
import { reset } from './reset';
import { roleCredentials } from './role-credentials';
import { fireSchedule, schedules } from './schedules';
import { session } from './session';
import { userTokens } from './user-tokens';

/** What a local endpoint is handed. */
export interface ConsoleCall {
  request: EdgeRequest;
  /** Path parameters, URI-decoded. */
  params: Record<string, string>;
  host: ConsoleHost;
  /** The JSON object body (`{}` when empty); ValidationException otherwise. */
  json(): Promise<Record<string, unknown>>;
}

/** One local endpoint under `/_flare/console/api`: only what no AWS API offers. */
export interface ConsoleEndpoint {
  method: 'GET' | 'POST';
  /** Matched against the path after `/_flare/console/api`; named groups become params. */
  path: RegExp;
  handle(call: ConsoleCall): unknown;
}

/** Every local endpoint of the console (README, "The console", lists them). */
const ENDPOINTS: readonly ConsoleEndpoint[] = [session, overview, reset, invocations, schedules, fireSchedule, userTokens, roleCredentials, realtime];

const BODY_LIMIT = 64 * 1024;

/** Answers a call to `/_flare/console/api/…`, errors in their JSON wire form. */
export async function handleConsoleApi(request: EdgeRequest, response: ServerResponse, host: ConsoleHost): Promise<void> {
  const subPath = request.path.slice(CONSOLE_API_PATH.length) || '/';
  try {
    const found = ENDPOINTS.map((endpoint) => [endpoint, endpoint.method === request.method ? endpoint.path.exec(subPath) : null] as const).find(([, match]) => match);
    if (!found) throw new ConsoleError('UnknownOperationException', `The console has no local endpoint ${request.method} ${subPath}`, 404);
    const [endpoint, match] = found;
    const params = Object.fromEntries(Object.entries(match!.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)]));
    const result = await endpoint.handle({ request, params, host, json: () => jsonBody(request) });
    sendJson(response, 200, result);
  } catch (error) {
    if (error instanceof ConsoleError) {
      error.send(response);
      return;
    }
    throw error;
  }
}

async function jsonBody(request: EdgeRequest): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = (await request.body(BODY_LIMIT)).toString('utf8');
  } catch (error) {
    if (error instanceof RequestTooLargeError) throw new ConsoleError('RequestEntityTooLargeException', error.message, 413);
    throw error;
  }
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw ConsoleError.invalid('The request body must be a JSON object');
  }
}

/** A required string member of a JSON body. */
export function requiredString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw ConsoleError.invalid(`${name} must be a non-empty string`);
  return value;
}
