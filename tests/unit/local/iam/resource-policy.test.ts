import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../../local/iam/types';
import { evaluateResourcePolicy, validatePolicy, type PolicyDocument } from '../../../../local/iam/policy/resource-policy';

const role = (name: string, identityId?: string): Principal => ({
  kind: 'assumed-role',
  accessKeyId: 'ASIAEXAMPLE',
  accountId: '000000000000',
  arn: `arn:aws:sts::000000000000:assumed-role/${name}/session`,
  roleArn: `arn:aws:iam::000000000000:role/${name}`,
  roleName: name,
  userId: `AROAEXAMPLE:session`,
  policyVariables: identityId ? { 'cognito-identity.amazonaws.com:sub': identityId } : {},
});

const bucket = 'arn:aws:s3:::b';
const request = (principal: Principal | undefined, action: string, resource: string, context: Record<string, string> = {}) => ({
  principal,
  action,
  resource,
  context: { 'aws:SecureTransport': 'true', ...context, ...(principal?.policyVariables ?? {}) },
});

describe('evaluateResourcePolicy', () => {
  const amplifyLike: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [bucket, `${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:role/Cleaner' }, Action: ['s3:List*', 's3:DeleteObject*'], Resource: [bucket, `${bucket}/*`] },
    ],
  };

  it('the secure-transport deny applies only when the request is not secure', () => {
    expect(evaluateResourcePolicy([amplifyLike], request(role('Any'), 's3:GetObject', `${bucket}/k`)).effect).toBe('implicit-deny');
    expect(evaluateResourcePolicy([amplifyLike], request(role('Any'), 's3:GetObject', `${bucket}/k`, { 'aws:SecureTransport': 'false' })).effect).toBe('explicit-deny');
  });

  it('grants a named role (matched through its sessions) the listed actions, case-insensitively, on the listed resources', () => {
    expect(evaluateResourcePolicy([amplifyLike], request(role('Cleaner'), 's3:ListBucket', bucket))).toEqual({ effect: 'allowed', statement: '#1' });
    expect(evaluateResourcePolicy([amplifyLike], request(role('Cleaner'), 'S3:DELETEOBJECT', `${bucket}/x`)).effect).toBe('allowed');
    expect(evaluateResourcePolicy([amplifyLike], request(role('Cleaner'), 's3:GetObject', `${bucket}/x`)).effect).toBe('implicit-deny');
    expect(evaluateResourcePolicy([amplifyLike], request(role('Other'), 's3:ListBucket', bucket)).effect).toBe('implicit-deny');
  });

  it('Principal "*" includes anonymous callers; an AWS principal does not', () => {
    const policy: PolicyDocument = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucket}/public/*` }] };
    expect(evaluateResourcePolicy([policy], request(undefined, 's3:GetObject', `${bucket}/public/a`)).effect).toBe('allowed');
    expect(evaluateResourcePolicy([policy], request(undefined, 's3:GetObject', `${bucket}/private/a`)).effect).toBe('implicit-deny');
    expect(evaluateResourcePolicy([amplifyLike], request(undefined, 's3:ListBucket', bucket)).effect).toBe('implicit-deny');
  });

  it('naming the account denies everyone in it, but does not grant on its own', () => {
    const policy: PolicyDocument = {
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 's3:GetObject', Resource: `${bucket}/*` },
        { Effect: 'Deny', Principal: { AWS: '000000000000' }, Action: 's3:DeleteObject', Resource: `${bucket}/*` },
      ],
    };
    expect(evaluateResourcePolicy([policy], request(role('Any'), 's3:GetObject', `${bucket}/a`)).effect).toBe('implicit-deny');
    expect(evaluateResourcePolicy([policy], request(role('Any'), 's3:DeleteObject', `${bucket}/a`)).effect).toBe('explicit-deny');
  });

  it('NotPrincipal, NotAction and NotResource invert their match', () => {
    const policy: PolicyDocument = {
      Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::000000000000:role/Admin' }, NotAction: 's3:Get*', NotResource: `${bucket}/scratch/*` }],
    };
    expect(evaluateResourcePolicy([policy], request(role('User'), 's3:PutObject', `${bucket}/a`)).effect).toBe('explicit-deny');
    expect(evaluateResourcePolicy([policy], request(role('Admin'), 's3:PutObject', `${bucket}/a`)).effect).toBe('implicit-deny');
    expect(evaluateResourcePolicy([policy], request(role('User'), 's3:GetObject', `${bucket}/a`)).effect).toBe('implicit-deny');
    expect(evaluateResourcePolicy([policy], request(role('User'), 's3:PutObject', `${bucket}/scratch/a`)).effect).toBe('implicit-deny');
  });

  it('substitutes policy variables in resources and condition values', () => {
    const policy: PolicyDocument = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: `${bucket}/home/\${cognito-identity.amazonaws.com:sub}/*` },
        { Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: bucket, Condition: { StringLike: { 's3:prefix': ['home/${cognito-identity.amazonaws.com:sub}/*'] } } },
      ],
    };
    expect(evaluateResourcePolicy([policy], request(role('U', 'id-1'), 's3:PutObject', `${bucket}/home/id-1/a`)).effect).toBe('allowed');
    expect(evaluateResourcePolicy([policy], request(role('U', 'id-1'), 's3:PutObject', `${bucket}/home/id-2/a`)).effect).toBe('implicit-deny');
    expect(evaluateResourcePolicy([policy], request(role('U', 'id-1'), 's3:ListBucket', bucket, { 's3:prefix': 'home/id-1/x' })).effect).toBe('allowed');
    // Without the variable's value the statement matches nothing.
    expect(evaluateResourcePolicy([policy], request(role('U'), 's3:PutObject', `${bucket}/home/\${cognito-identity.amazonaws.com:sub}/a`)).effect).toBe('implicit-deny');
  });

  it.each([
    ['StringEquals', { 's3:prefix': 'a' }, { 's3:prefix': 'a' }, true],
    ['StringEquals', { 's3:prefix': 'a' }, {}, false],
    ['StringNotEquals', { 's3:prefix': 'a' }, {}, true],
    ['StringEqualsIfExists', { 's3:prefix': 'a' }, {}, true],
    ['StringEqualsIgnoreCase', { 's3:prefix': 'ABC' }, { 's3:prefix': 'abc' }, true],
    ['StringLike', { 's3:prefix': 'docs/?/*' }, { 's3:prefix': 'docs/a/b/c' }, true],
    ['StringNotLike', { 's3:prefix': 'docs/*' }, { 's3:prefix': 'img/x' }, true],
    ['NumericLessThanEquals', { 's3:max-keys': '10' }, { 's3:max-keys': '10' }, true],
    ['NumericGreaterThan', { 's3:max-keys': '10' }, { 's3:max-keys': '9' }, false],
    ['Null', { 's3:prefix': 'true' }, {}, true],
    ['Null', { 's3:prefix': 'false' }, {}, false],
    ['IpAddress', { 'aws:SourceIp': '127.0.0.0/8' }, { 'aws:SourceIp': '127.0.0.1' }, true],
    ['NotIpAddress', { 'aws:SourceIp': '10.0.0.0/8' }, { 'aws:SourceIp': '127.0.0.1' }, true],
    ['DateLessThan', { 'aws:CurrentTime': '2030-01-01T00:00:00Z' }, { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, true],
    ['ArnLike', { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Team*' }, { 'aws:PrincipalArn': 'arn:aws:iam::000000000000:role/TeamA' }, true],
  ] as const)('%s %j against %j holds: %s', (operator, condition, context, holds) => {
    const policy: PolicyDocument = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: bucket, Condition: { [operator]: condition } }] };
    expect(evaluateResourcePolicy([policy], request(role('R'), 's3:ListBucket', bucket, context)).effect).toBe(holds ? 'allowed' : 'implicit-deny');
  });

  it('ForAnyValue and ForAllValues compare multi-valued keys', () => {
    const any: PolicyDocument = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'k:amr': 'authenticated' } } }] };
    const all: PolicyDocument = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'k:tags': ['a', 'b'] } } }] };
    const withValues = (values: string[], key: string) => ({ ...request(role('R'), 's3:GetObject', `${bucket}/k`), context: { [key]: values } });
    expect(evaluateResourcePolicy([any], withValues(['x', 'authenticated'], 'k:amr')).effect).toBe('allowed');
    expect(evaluateResourcePolicy([any], withValues(['unauthenticated'], 'k:amr')).effect).toBe('implicit-deny');
    expect(evaluateResourcePolicy([all], withValues(['a'], 'k:tags')).effect).toBe('allowed');
    expect(evaluateResourcePolicy([all], withValues(['a', 'c'], 'k:tags')).effect).toBe('implicit-deny');
    expect(evaluateResourcePolicy([all], withValues([], 'k:tags')).effect).toBe('allowed');
  });

  it('validatePolicy refuses an operator it does not know, naming it', () => {
    const policy: PolicyDocument = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringFuzzy: { a: 'b' } } }] };
    expect(() => validatePolicy('Bucket policy of b', policy)).toThrow('Bucket policy of b: condition operator StringFuzzy is not supported by the local cloud');
  });
});
