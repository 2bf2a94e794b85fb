import { describe, expect, it } from 'vitest';
import { corsHeaders, matchCorsRule, type CorsRule } from '../../../../local/s3/cors';

const amplifyRule: CorsRule = {
  AllowedHeaders: ['*'],
  AllowedMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
  AllowedOrigins: ['*'],
  ExposedHeaders: ['x-amz-server-side-encryption', 'x-amz-request-id', 'x-amz-id-2', 'ETag'],
  MaxAge: 3000,
};

describe('CORS rules', () => {
  it("Amplify's rule allows any origin and header and answers '*' without credentials", () => {
    const request = { origin: 'http://localhost:5173', method: 'PUT', requestHeaders: ['authorization', 'x-amz-date', 'x-amz-content-sha256'] };
    const rule = matchCorsRule([amplifyRule], request)!;
    expect(corsHeaders(rule, request, true)).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD, PUT, POST, DELETE',
      'access-control-allow-headers': 'authorization, x-amz-date, x-amz-content-sha256',
      'access-control-expose-headers': 'x-amz-server-side-encryption, x-amz-request-id, x-amz-id-2, ETag',
      'access-control-max-age': '3000',
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    });
  });

  it('matches origins with one wildcard, case-insensitively, and methods exactly', () => {
    const rules: CorsRule[] = [{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'] }];
    expect(matchCorsRule(rules, { origin: 'https://a.example.com', method: 'GET', requestHeaders: [] })).toBe(rules[0]);
    expect(matchCorsRule(rules, { origin: 'HTTPS://A.EXAMPLE.COM', method: 'GET', requestHeaders: [] })).toBe(rules[0]);
    expect(matchCorsRule(rules, { origin: 'https://example.org', method: 'GET', requestHeaders: [] })).toBeUndefined();
    expect(matchCorsRule(rules, { origin: 'https://a.example.com', method: 'PUT', requestHeaders: [] })).toBeUndefined();
  });

  it('every requested header must be allowed; no AllowedHeaders allows none', () => {
    const rules: CorsRule[] = [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['x-amz-*'] }];
    expect(matchCorsRule(rules, { origin: 'o', method: 'GET', requestHeaders: ['x-amz-date'] })).toBe(rules[0]);
    expect(matchCorsRule(rules, { origin: 'o', method: 'GET', requestHeaders: ['x-amz-date', 'authorization'] })).toBeUndefined();
    expect(matchCorsRule([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }], { origin: 'o', method: 'GET', requestHeaders: ['a'] })).toBeUndefined();
  });

  it('the first matching rule answers', () => {
    const rules: CorsRule[] = [
      { AllowedOrigins: ['https://a.test'], AllowedMethods: ['GET'], ExposedHeaders: ['first'] },
      { AllowedOrigins: ['*'], AllowedMethods: ['GET'], ExposedHeaders: ['second'] },
    ];
    const request = { origin: 'https://a.test', method: 'GET', requestHeaders: [] };
    expect(corsHeaders(matchCorsRule(rules, request)!, request, false)['access-control-expose-headers']).toBe('first');
    expect(corsHeaders(matchCorsRule(rules, request)!, request, false)['access-control-allow-credentials']).toBe('true');
  });
});
