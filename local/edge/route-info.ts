import type { IncomingHttpHeaders } from 'node:http';

/**
 * The service a SigV4-signed request is for, from its credential scope
 * (`<key>/<date>/<region>/<service>/aws4_request`) in the Authorization header
 * or the presigned `X-Amz-Credential` query parameter.
 */
export function credentialScopeService(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const authorization = headers.authorization;
  const scope = authorization?.startsWith('AWS4-HMAC-SHA256')
    ? /Credential=([^,\s]+)/.exec(authorization)?.[1]
    : query.get('X-Amz-Credential') ?? undefined;
  const parts = scope?.split('/');
  return parts && parts.length >= 5 ? parts[parts.length - 2] : undefined;
}

/** The JSON-protocol operation named by `X-Amz-Target` (`Service_Version.Operation`). */
export function amzTarget(headers: IncomingHttpHeaders): { prefix: string; operation: string } | undefined {
  const target = headers['x-amz-target'];
  if (typeof target !== 'string') return undefined;
  const dot = target.lastIndexOf('.');
  if (dot < 0) return { prefix: target, operation: '' };
  return { prefix: target.slice(0, dot), operation: target.slice(dot + 1) };
}
