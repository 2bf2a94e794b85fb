/**
 * A local cloud running the conformance fixture backend (tests/fixtures/appsync-conformance),
 * synthesized offline on first use like Flare's own (cached by content hash), with the real
 * aws-amplify v6 client configured against it, users made through the Cognito admin API, and
 * a raw SigV4 / header caller for the cases where the wire shape (status, body) is the point.
 */
import path from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { Reporter, startLocalCloud, type LocalCloud } from '../../../local';
import { amplifyConfig } from '../../../local/client';
import { defaultServices } from '../../../local/services';
import type { Credentials } from '../../../local/iam/types';
import type { Schema } from '../../fixtures/appsync-conformance/amplify/data/resource';
import { accessToken, createUser, signInAs } from '../../helpers/flare-users';

export const FIXTURE_DIR = path.resolve('tests/fixtures/appsync-conformance');
/** A first synth of the fixture takes a minute or more on a busy 2-core machine. */
export const SYNTH_TIMEOUT_MS = 600_000;

export type { Schema };
export type Client = ReturnType<typeof generateClient<Schema>>;

/** Starts every local service on the fixture (schedules and S3 included: they are in the assembly). */
export async function startFixtureCloud(): Promise<LocalCloud> {
  const cloud = await startLocalCloud({
    projectDir: FIXTURE_DIR,
    port: 0,
    inMemory: true,
    outputsFile: false,
    services: defaultServices(),
    reporter: new Reporter({ level: 'error' }),
  });
  Amplify.configure(amplifyConfig(cloud.outputs));
  return cloud;
}

/** A signed-in user: its access token (for `headers: { Authorization }`), `sub` and `username`. */
export interface User {
  email: string;
  token: string;
  sub: string;
  username: string;
  /** The per-call option that acts as this user through a userPool client. */
  as: { headers: { Authorization: string } };
}

/** Creates a confirmed user and signs it in with SRP (the last one signed in stays signed in). */
export async function signedInUser(cloud: LocalCloud, email: string, groups: string[] = []): Promise<User> {
  await createUser(cloud, email, groups);
  await signInAs(email);
  const token = await accessToken();
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub: string; username: string };
  return { email, token, sub: claims.sub, username: claims.username, as: { headers: { Authorization: token } } };
}

/** The credentials the identity pool gives now: a guest's when nobody is signed in. */
export async function identityPoolCredentials(options: { guest?: boolean } = {}): Promise<Credentials> {
  if (options.guest) await signOut();
  const credentials = (await fetchAuthSession({ forceRefresh: true })).credentials;
  if (!credentials) throw new Error('the identity pool gave no credentials');
  return { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken };
}

/** What AppSync answered on the wire. */
export interface WireResponse {
  status: number;
  errorType: string | null;
  body: { data?: Record<string, unknown> | null; errors?: Record<string, unknown>[] };
}

/**
 * Sends one GraphQL request as it goes on the wire: SigV4-signed (service `appsync`) when
 * given credentials, with the given headers otherwise.
 */
export async function postGraphQL(cloud: LocalCloud, query: string, auth: { credentials: Credentials } | { headers: Record<string, string> }, variables: Record<string, unknown> = {}): Promise<WireResponse> {
  const url = new URL(cloud.outputs.data!.url);
  const body = JSON.stringify({ query, variables });
  let headers: Record<string, string> = { 'content-type': 'application/json', host: url.host };
  if ('credentials' in auth) {
    const signer = new SignatureV4({ service: 'appsync', region: 'us-east-1', credentials: auth.credentials, sha256: Sha256 });
    const signed = await signer.sign({ method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, headers, body });
    headers = signed.headers as Record<string, string>;
  } else {
    headers = { ...headers, ...auth.headers };
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: (await response.json()) as WireResponse['body'] };
}

/** The API key the outputs carry. */
export function apiKey(cloud: LocalCloud): string {
  return cloud.outputs.data!.api_key!;
}

export { generateClient };
