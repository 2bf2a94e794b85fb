/**
 * A bucket's CORS configuration (`CorsConfiguration.CorsRules` of `AWS::S3::Bucket`)
 * applied as S3 applies it: the first rule whose origin, method and requested headers
 * all match answers; preflights no rule matches are refused with 403.
 */
import { wildcardMatch } from '../iam/policy/resource-policy';

/** A CORS rule as CloudFormation declares it. */
export interface CorsRule {
  AllowedMethods: string[];
  AllowedOrigins: string[];
  AllowedHeaders?: string[];
  ExposedHeaders?: string[];
  MaxAge?: number;
  Id?: string;
}

export interface CorsRequest {
  origin: string;
  method: string;
  /** `Access-Control-Request-Headers` (preflight only), lower-case. */
  requestHeaders: string[];
}

/** The first rule that allows the request, or undefined. */
export function matchCorsRule(rules: readonly CorsRule[], request: CorsRequest): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.AllowedOrigins.some((origin) => wildcardMatch(origin, request.origin, true)) &&
      rule.AllowedMethods.includes(request.method.toUpperCase()) &&
      request.requestHeaders.every((header) => (rule.AllowedHeaders ?? []).some((allowed) => wildcardMatch(allowed, header, true))),
  );
}

/** The response headers S3 adds for a request a rule allows (`preflight` adds the Allow-* pair and Max-Age). */
export function corsHeaders(rule: CorsRule, request: CorsRequest, preflight: boolean): Record<string, string> {
  const anyOrigin = rule.AllowedOrigins.includes('*');
  const headers: Record<string, string> = {
    'access-control-allow-origin': anyOrigin ? '*' : request.origin,
    'access-control-allow-methods': rule.AllowedMethods.join(', '),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  // S3 allows credentials only when the origin is named, never with '*'.
  if (!anyOrigin) headers['access-control-allow-credentials'] = 'true';
  if (rule.ExposedHeaders?.length) headers['access-control-expose-headers'] = rule.ExposedHeaders.join(', ');
  if (preflight) {
    if (request.requestHeaders.length > 0) headers['access-control-allow-headers'] = request.requestHeaders.join(', ');
    if (rule.MaxAge !== undefined) headers['access-control-max-age'] = String(rule.MaxAge);
  }
  return headers;
}
