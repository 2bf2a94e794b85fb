import type { SignedRequest } from '../types';
import { SigV4Error, SigV4ErrorCode } from '../types';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
/** The longest `X-Amz-Expires` SigV4 allows: seven days. */
export const MAX_PRESIGNED_EXPIRES = 604_800;

/** What a SigV4 signature claims, read from the Authorization header or the presigned query. */
export interface SignatureClaim {
  presigned: boolean;
  accessKeyId: string;
  /** `<date>/<region>/<service>/aws4_request`, exactly as sent. */
  scope: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string;
  signedHeaderList: string[];
  signature: string;
  /** `YYYYMMDDTHHMMSSZ`. */
  amzDate: string;
  time: number;
  sessionToken?: string;
  /** Presigned only: seconds. */
  expires?: number;
  /** Presigned only: `X-Amz-Content-Sha256` when the signer hoisted it into the query. */
  queryPayloadHash?: string;
}

const incomplete = (message: string) => new SigV4Error(SigV4ErrorCode.IncompleteSignature, message, 400);

function header(request: SignedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** `YYYYMMDDTHHMMSSZ` → epoch milliseconds, or NaN. */
export function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

export function formatAmzDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** Only the parameters SigV4 reads, without decoding the rest of a possibly long query. */
function queryParams(rawQuery: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of rawQuery.split('&')) {
    if (!part.startsWith('X-Amz-') && !part.startsWith('x-amz-')) continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    try {
      out.set(name, decodeURIComponent((eq < 0 ? '' : part.slice(eq + 1)).replace(/\+/g, ' ')));
    } catch {
      throw incomplete(`The query parameter ${name} is not validly URL-encoded`);
    }
  }
  return out;
}

function parseScope(credential: string, where: string): Pick<SignatureClaim, 'accessKeyId' | 'scope' | 'scopeDate' | 'region' | 'service'> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((part) => part === '')) {
    throw incomplete(`${where} Credential is malformed: expected "<access key>/<date>/<region>/<service>/aws4_request", got "${credential}".`);
  }
  const [accessKeyId, scopeDate, region, service, terminator] = parts;
  if (terminator !== TERMINATOR) {
    throw incomplete(`Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'.`);
  }
  if (!/^\d{8}$/.test(scopeDate)) throw incomplete(`Credential should be scoped to a valid date (YYYYMMDD), not '${scopeDate}'.`);
  return { accessKeyId, scope: parts.slice(1).join('/'), scopeDate, region, service };
}

function parseHeaderSignature(request: SignedRequest, authorization: string): SignatureClaim {
  if (!authorization.startsWith(`${ALGORITHM} `)) {
    const algorithm = authorization.split(/\s/, 1)[0];
    throw incomplete(`Unsupported authorization scheme '${algorithm}': the local cloud verifies ${ALGORITHM} (SigV4) only.`);
  }
  const fields = new Map<string, string>();
  for (const part of authorization.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw incomplete(`'${part.trim()}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`);
    const name = part.slice(0, eq).trim();
    // Each parameter once: a header carrying two signatures is not a signature of this request.
    if (fields.has(name)) throw incomplete(`Authorization header has the parameter '${name}' more than once: '${authorization}'.`);
    fields.set(name, part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !fields.get(name));
  if (missing.length > 0) {
    throw incomplete(`${missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ')} Authorization=${authorization}`);
  }
  const amzDate = header(request, 'x-amz-date') ?? dateHeaderAsAmzDate(header(request, 'date'));
  if (!amzDate) {
    throw incomplete(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`);
  }
  return finish({
    presigned: false,
    ...parseScope(fields.get('Credential')!, 'Authorization header'),
    signedHeaders: fields.get('SignedHeaders')!,
    signature: fields.get('Signature')!,
    amzDate,
    sessionToken: header(request, 'x-amz-security-token'),
  });
}

function dateHeaderAsAmzDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : formatAmzDate(time);
}

function parsePresigned(params: Map<string, string>): SignatureClaim {
  const algorithm = params.get('X-Amz-Algorithm');
  if (algorithm !== ALGORITHM) {
    throw incomplete(`X-Amz-Algorithm only supports "${ALGORITHM}"${algorithm ? `, not "${algorithm}"` : ''}.`);
  }
  const missing = ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Expires'].filter((name) => !params.get(name));
  if (missing.length > 0) {
    throw incomplete(`Query-string authentication requires the ${missing.join(', ')} parameter${missing.length > 1 ? 's' : ''}.`);
  }
  const expiresText = params.get('X-Amz-Expires')!;
  const expires = Number(expiresText);
  if (!/^\d+$/.test(expiresText)) throw incomplete('X-Amz-Expires should be a number');
  if (expires > MAX_PRESIGNED_EXPIRES) throw incomplete(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGNED_EXPIRES}`);
  if (expires < 1) throw incomplete('X-Amz-Expires must be non-negative');
  return finish({
    presigned: true,
    ...parseScope(params.get('X-Amz-Credential')!, 'X-Amz-Credential'),
    signedHeaders: params.get('X-Amz-SignedHeaders')!,
    signature: params.get('X-Amz-Signature')!,
    amzDate: params.get('X-Amz-Date')!,
    sessionToken: params.get('X-Amz-Security-Token'),
    expires,
    queryPayloadHash: params.get('X-Amz-Content-Sha256'),
  });
}

function finish(claim: Omit<SignatureClaim, 'time' | 'signedHeaderList'>): SignatureClaim {
  const time = parseAmzDate(claim.amzDate);
  if (Number.isNaN(time)) throw incomplete(`X-Amz-Date must be in the ISO8601 basic format (YYYYMMDD'T'HHMMSS'Z'), not '${claim.amzDate}'.`);
  if (claim.amzDate.slice(0, 8) !== claim.scopeDate) {
    throw incomplete(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${claim.scopeDate}' != '${claim.amzDate.slice(0, 8)}', from '${claim.amzDate}'.`);
  }
  if (!/^[0-9a-f]{64}$/.test(claim.signature)) throw incomplete(`Signature must be 64 lower-case hexadecimal characters, not '${claim.signature}'.`);
  const signedHeaderList = claim.signedHeaders.split(';');
  if (signedHeaderList.some((name) => name === '' || name !== name.toLowerCase())) {
    throw incomplete(`SignedHeaders must be lower-case header names separated by ';', not '${claim.signedHeaders}'.`);
  }
  return { ...claim, time, signedHeaderList };
}

/**
 * Reads the signature claim of a request: the `AWS4-HMAC-SHA256` Authorization header,
 * or the `X-Amz-*` presigned query parameters. Throws SigV4Error
 * (MissingAuthenticationToken when there is neither).
 */
export function parseSignatureClaim(request: SignedRequest): SignatureClaim {
  const authorization = header(request, 'authorization');
  if (authorization) return parseHeaderSignature(request, authorization);
  if (request.rawQuery.includes('X-Amz-')) {
    const params = queryParams(request.rawQuery);
    if (params.has('X-Amz-Algorithm') || params.has('X-Amz-Signature') || params.has('X-Amz-Credential')) return parsePresigned(params);
  }
  throw new SigV4Error(SigV4ErrorCode.MissingAuthenticationToken, 'Request is missing Authentication Token', 403);
}
