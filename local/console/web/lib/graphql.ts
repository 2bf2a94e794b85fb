import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/** Who the console calls a GraphQL API as (the Data page's auth-mode picker). */
export type GraphQLAuth =
  | { mode: 'API_KEY'; apiKey: string }
  | { mode: 'AMAZON_COGNITO_USER_POOLS'; label: string; accessToken: string }
  | { mode: 'AWS_IAM'; label: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } };

export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; errorType?: string; path?: (string | number)[] }[];
}

/** The auth headers of a request to `url` with `body`: the key, the token, or a SigV4 signature (service `appsync`). */
export async function authHeaders(auth: GraphQLAuth, url: string, body: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const target = new URL(url);
  const base = { 'content-type': 'application/json; charset=UTF-8', ...extra };
  if (auth.mode === 'API_KEY') return { ...base, host: target.host, 'x-api-key': auth.apiKey };
  if (auth.mode === 'AMAZON_COGNITO_USER_POOLS') return { ...base, host: target.host, Authorization: auth.accessToken };
  const signer = new SignatureV4({ service: 'appsync', region: auth.region, credentials: auth.credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port ? Number(target.port) : undefined,
    path: target.pathname,
    query: {},
    headers: { ...base, host: target.host },
    body,
  });
  return signed.headers as Record<string, string>;
}

/** Runs a query or mutation over HTTP as `auth`. */
export async function runGraphQL(url: string, auth: GraphQLAuth, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  const body = JSON.stringify({ query, variables });
  const headers = await authHeaders(auth, url, body);
  // The browser sets Host itself.
  delete headers.host;
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: GraphQLResponse & { errorType?: string; message?: string };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new Error(`The API answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  if (!response.ok && !parsed.errors) throw new Error(`${parsed.errorType ?? response.status}: ${parsed.message ?? text.slice(0, 200)}`);
  return parsed;
}

const base64url = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export interface SubscriptionHandlers {
  onData(payload: unknown): void;
  onError(message: string): void;
  onStarted(): void;
}

/**
 * A subscription over AppSync's real-time WebSocket (`graphql-ws` with the auth headers in
 * the `header-…` subprotocol), as aws-amplify speaks it. Returns a function that stops it.
 */
export async function subscribe(realtimeUrl: string, graphqlUrl: string, auth: GraphQLAuth, query: string, variables: Record<string, unknown>, handlers: SubscriptionHandlers): Promise<() => void> {
  const connectHeaders = await authHeaders(auth, `${graphqlUrl}/connect`, '{}', { accept: 'application/json, text/javascript', 'content-encoding': 'amz-1.0' });
  const data = JSON.stringify({ query, variables });
  const startHeaders = await authHeaders(auth, graphqlUrl, data, { accept: 'application/json, text/javascript', 'content-encoding': 'amz-1.0' });
  const socket = new WebSocket(realtimeUrl, ['graphql-ws', `header-${base64url(JSON.stringify(connectHeaders))}`]);
  const id = crypto.randomUUID();
  socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init' }));
  socket.onerror = () => handlers.onError('The real-time connection failed');
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { type: string; id?: string; payload?: { errors?: { message?: string; errorType?: string }[] } & Record<string, unknown> };
    const errorText = () => (message.payload?.errors ?? []).map((error) => `${error.errorType ?? 'Error'}: ${error.message ?? ''}`).join('; ');
    if (message.type === 'connection_ack') socket.send(JSON.stringify({ id, type: 'start', payload: { data, extensions: { authorization: startHeaders } } }));
    else if (message.type === 'start_ack') handlers.onStarted();
    else if (message.type === 'data') handlers.onData(message.payload);
    else if (message.type === 'error' || message.type === 'connection_error') handlers.onError(errorText() || message.type);
  };
  return () => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ id, type: 'stop' }));
    socket.close();
  };
}
