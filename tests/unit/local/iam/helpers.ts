/**
 * Factories for the local IAM service's unit tests: a started service over a fixture
 * assembly (no edge port, no other services), requests signed by the real SDK signer.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { buildQueryString, HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudAssembly } from '../../../../local/assembly';
import { EdgeServer } from '../../../../local/edge';
import { iamService, type IamOptions } from '../../../../local/iam';
import type { IamService, SignedRequest } from '../../../../local/iam/types';
import { Reporter, type LogRecord } from '../../../../local/reporter';
import { ServiceRegistry } from '../../../../local/service';
import { StateStore } from '../../../../local/state';

export const FIXTURE_DIR = fileURLToPath(new URL('../../../fixtures/iam', import.meta.url));
export const FLARE_ASSEMBLY_DIR = fileURLToPath(new URL('../../../../.amplify/local/cdk.out', import.meta.url));

/** 2026-03-01T12:00:00Z: requests are signed "now" by this clock unless a test moves it. */
export const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

export interface StartedIam {
  iam: IamService;
  assembly: CloudAssembly;
  warnings: string[];
  clock: { now: number };
}

/** Starts the IAM service over an assembly, with a movable clock; collects its warnings. */
export async function startIam(options: { dir?: string; stateDir?: string; iam?: IamOptions } = {}): Promise<StartedIam> {
  const clock = { now: T0 };
  const warnings: string[] = [];
  const reporter = new Reporter({ level: 'warn', sinks: [(record: LogRecord) => warnings.push(record.message)] });
  const assembly = CloudAssembly.load({ dir: options.dir ?? FIXTURE_DIR, endpoint: 'http://127.0.0.1:4566', seed: 'iam-tests' });
  const iam = iamService({ now: () => clock.now, ...options.iam });
  const store = await StateStore.open({ dir: options.stateDir, reporter });
  await iam.start({
    assembly,
    edge: new EdgeServer(reporter),
    endpoint: 'http://127.0.0.1:4566',
    state: store.service('iam'),
    reporter,
    log: reporter.for('iam'),
    services: new ServiceRegistry(),
    projectDir: process.cwd(),
  });
  // The state is read and written at start only: the directory can be let go at once.
  await store.close();
  return { iam, assembly, warnings, clock };
}

export function temporaryDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'flare-iam-'));
}

export interface SignOptions {
  service?: string;
  method?: string;
  /** The path as the SDK's serializer built it (already URI-encoded). */
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  signingDate?: Date;
  region?: string;
  /** Leave out `x-amz-content-sha256` (non-S3 SDK clients do). */
  applyChecksum?: boolean;
  /** Override the SDK's choice (S3: false, everything else: true) to sign a path the wrong way. */
  uriEscapePath?: boolean;
}

function signer(options: SignOptions): SignatureV4 {
  const service = options.service ?? 'dynamodb';
  return new SignatureV4({
    service,
    region: options.region ?? 'us-east-1',
    credentials: options.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' },
    sha256: Sha256,
    // What every SDK client does: S3 alone signs the path as sent.
    uriEscapePath: options.uriEscapePath ?? service !== 's3',
    applyChecksum: options.applyChecksum ?? true,
  });
}

function unsignedRequest(options: SignOptions): HttpRequest {
  return new HttpRequest({
    method: options.method ?? 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4566,
    path: options.path ?? '/',
    query: options.query ?? {},
    headers: { host: '127.0.0.1:4566', ...options.headers },
    body: options.body,
  });
}

/** What the server receives for a request the SDK sent: raw path and query as on the wire, lower-case headers. */
export function onTheWire(request: HttpRequest, body?: string): SignedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return {
    method: request.method,
    rawPath: request.path,
    rawQuery: buildQueryString(request.query ?? {}),
    headers,
    body: body === undefined ? undefined : Buffer.from(body),
  };
}

/** A request signed in the Authorization header by @smithy/signature-v4, as the SDK clients sign. */
export async function signRequest(options: SignOptions = {}): Promise<SignedRequest> {
  const signed = (await signer(options).sign(unsignedRequest(options), { signingDate: options.signingDate ?? new Date(T0) })) as HttpRequest;
  return onTheWire(signed, options.body);
}

/** A presigned URL's request, by @smithy/signature-v4's presign. */
export async function presignRequest(options: SignOptions & { expiresIn?: number } = {}): Promise<SignedRequest> {
  const presigned = (await signer({ service: 's3', ...options }).presign(unsignedRequest({ method: 'GET', service: 's3', ...options }), {
    signingDate: options.signingDate ?? new Date(T0),
    expiresIn: options.expiresIn ?? 900,
  })) as HttpRequest;
  return onTheWire(presigned, options.body);
}
