import { describe, expect, it } from 'vitest';
import { compilePolicies, PolicySet, type PolicyDecision, type PrincipalDescriptor } from '../../../../../local/iam/policy/policy-set';

/**
 * The evaluator, table by table: each row is a policy document, a request and the
 * decision IAM documents for it (policy evaluation logic, condition operators, variables).
 */

const BUCKET = 'arn:aws:s3:::files';
const SUB = 'us-east-1:7d3f2c1a-0000-4000-8000-000000000001';

interface Row {
  name: string;
  statements: unknown[];
  action: string;
  resource?: string;
  context?: Record<string, string | readonly string[]>;
  principal?: PrincipalDescriptor;
  version?: string;
  expected: PolicyDecision['effect'];
}

function decide(row: Row, kind: 'identity' | 'trust' = 'identity'): { decision: PolicyDecision; warnings: string[] } {
  const warnings: string[] = [];
  const document = { Version: row.version ?? '2012-10-17', Statement: row.statements };
  const set = new PolicySet(compilePolicies([{ name: 'TestPolicy', document }], kind, (message) => warnings.push(message)));
  const context = Object.fromEntries(Object.entries(row.context ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
  return { decision: set.evaluate({ action: row.action, resource: row.resource, principal: row.principal, context: (key) => context[key] }), warnings };
}

const allow = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });

const table = (rows: Row[]) => it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
  expect(decide(row).decision.effect).toBe(row.expected);
});

describe('policy evaluation', () => {
  describe('allow and deny', () => {
    table([
      { name: 'an Allow for the action and resource allows', statements: [allow('s3:GetObject', `${BUCKET}/a.txt`)], action: 's3:GetObject', resource: `${BUCKET}/a.txt`, expected: 'allow' },
      { name: 'nothing that matches: implicit deny', statements: [allow('s3:GetObject', `${BUCKET}/a.txt`)], action: 's3:PutObject', resource: `${BUCKET}/a.txt`, expected: 'implicit-deny' },
      { name: 'another resource: implicit deny', statements: [allow('s3:GetObject', `${BUCKET}/a.txt`)], action: 's3:GetObject', resource: `${BUCKET}/b.txt`, expected: 'implicit-deny' },
      { name: 'no statements at all: implicit deny', statements: [], action: 's3:GetObject', resource: BUCKET, expected: 'implicit-deny' },
      { name: 'an explicit Deny wins over an Allow before it', statements: [allow('s3:*', '*'), deny('s3:DeleteObject', `${BUCKET}/*`)], action: 's3:DeleteObject', resource: `${BUCKET}/x`, expected: 'explicit-deny' },
      { name: 'an explicit Deny wins over an Allow after it', statements: [deny('s3:DeleteObject', `${BUCKET}/*`), allow('s3:*', '*')], action: 's3:DeleteObject', resource: `${BUCKET}/x`, expected: 'explicit-deny' },
      { name: 'a Deny for another action leaves the Allow', statements: [allow('s3:*', '*'), deny('s3:DeleteObject', '*')], action: 's3:GetObject', resource: `${BUCKET}/x`, expected: 'allow' },
      { name: 'a list of actions', statements: [allow(['dynamodb:GetItem', 'dynamodb:Query'], '*')], action: 'dynamodb:Query', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/T', expected: 'allow' },
      { name: 'a list of resources', statements: [allow('s3:GetObject', [`${BUCKET}/a/*`, `${BUCKET}/b/*`])], action: 's3:GetObject', resource: `${BUCKET}/b/1`, expected: 'allow' },
    ]);
  });

  describe('wildcards', () => {
    table([
      { name: 'actions match case-insensitively', statements: [allow('S3:getobject', '*')], action: 's3:GetObject', resource: BUCKET, expected: 'allow' },
      { name: '"*" is every action', statements: [allow('*', '*')], action: 'appsync:GraphQL', resource: 'arn:aws:appsync:us-east-1:000000000000:apis/x/types/Query/fields/f', expected: 'allow' },
      { name: 's3:Get* matches s3:GetObjectTagging', statements: [allow('s3:Get*', '*')], action: 's3:GetObjectTagging', resource: `${BUCKET}/k`, expected: 'allow' },
      { name: 's3:Get* does not match s3:PutObject', statements: [allow('s3:Get*', '*')], action: 's3:PutObject', resource: `${BUCKET}/k`, expected: 'implicit-deny' },
      { name: '"?" matches exactly one character in an action', statements: [allow('dynamodb:?etItem', '*')], action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/T', expected: 'allow' },
      { name: 'a service wildcard matches no other service', statements: [allow('s3:*', '*')], action: 's3-object-lambda:GetObject', resource: BUCKET, expected: 'implicit-deny' },
      { name: 'a resource "*" spans "/" in the resource part', statements: [allow('s3:GetObject', `${BUCKET}/*`)], action: 's3:GetObject', resource: `${BUCKET}/a/b/c.txt`, expected: 'allow' },
      { name: 'resources match case-sensitively', statements: [allow('s3:GetObject', `${BUCKET}/Reports/*`)], action: 's3:GetObject', resource: `${BUCKET}/reports/q1`, expected: 'implicit-deny' },
      { name: '"?" in a resource is one character', statements: [allow('s3:GetObject', `${BUCKET}/v?.txt`)], action: 's3:GetObject', resource: `${BUCKET}/v10.txt`, expected: 'implicit-deny' },
      { name: 'a "*" in the region segment does not swallow the colons after it', statements: [allow('dynamodb:*', 'arn:aws:dynamodb:*:table/T')], action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/T', expected: 'implicit-deny' },
      { name: 'wildcards in region and account segments', statements: [allow('dynamodb:*', 'arn:aws:dynamodb:*:*:table/T*')], action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/T/index/byStatus', expected: 'allow' },
      { name: 'regex metacharacters in a resource are literal', statements: [allow('s3:GetObject', `${BUCKET}/a.b(c)+[d]`)], action: 's3:GetObject', resource: `${BUCKET}/aXb(c)+[d]`, expected: 'implicit-deny' },
    ]);
  });

  describe('NotAction and NotResource', () => {
    table([
      { name: 'NotAction allows every other action', statements: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }], action: 's3:GetObject', resource: BUCKET, expected: 'allow' },
      { name: 'NotAction does not allow the named action', statements: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }], action: 'iam:CreateUser', resource: 'arn:aws:iam::000000000000:user/x', expected: 'implicit-deny' },
      { name: 'a Deny with NotAction denies everything else', statements: [allow('*', '*'), { Effect: 'Deny', NotAction: ['s3:GetObject'], Resource: '*' }], action: 's3:PutObject', resource: `${BUCKET}/k`, expected: 'explicit-deny' },
      { name: 'a Deny with NotAction spares the named action', statements: [allow('*', '*'), { Effect: 'Deny', NotAction: ['s3:GetObject'], Resource: '*' }], action: 's3:GetObject', resource: `${BUCKET}/k`, expected: 'allow' },
      { name: 'NotResource allows outside the named resources', statements: [{ Effect: 'Allow', Action: 's3:GetObject', NotResource: `${BUCKET}/private/*` }], action: 's3:GetObject', resource: `${BUCKET}/public/k`, expected: 'allow' },
      { name: 'NotResource does not allow inside them', statements: [{ Effect: 'Allow', Action: 's3:GetObject', NotResource: `${BUCKET}/private/*` }], action: 's3:GetObject', resource: `${BUCKET}/private/k`, expected: 'implicit-deny' },
    ]);
  });

  describe('policy variables', () => {
    const avatars = `${BUCKET}/avatars/\${cognito-identity.amazonaws.com:sub}/*`;
    table([
      { name: "the identity's own folder", statements: [allow('s3:PutObject', avatars)], action: 's3:PutObject', resource: `${BUCKET}/avatars/${SUB}/me.png`, context: { 'cognito-identity.amazonaws.com:sub': SUB }, expected: 'allow' },
      { name: "another identity's folder", statements: [allow('s3:PutObject', avatars)], action: 's3:PutObject', resource: `${BUCKET}/avatars/us-east-1:someone-else/me.png`, context: { 'cognito-identity.amazonaws.com:sub': SUB }, expected: 'implicit-deny' },
      { name: 'no identity in the request: the resource does not match', statements: [allow('s3:PutObject', avatars)], action: 's3:PutObject', resource: `${BUCKET}/avatars//me.png`, expected: 'implicit-deny' },
      { name: 'variable names are case-insensitive', statements: [allow('s3:PutObject', `${BUCKET}/home/\${AWS:UserID}/*`)], action: 's3:PutObject', resource: `${BUCKET}/home/AROAEXAMPLE:fn/x`, context: { 'aws:userid': 'AROAEXAMPLE:fn' }, expected: 'allow' },
      { name: 'a substituted value is literal, not a wildcard', statements: [allow('s3:GetObject', `${BUCKET}/u/\${aws:username}`)], action: 's3:GetObject', resource: `${BUCKET}/u/anything`, context: { 'aws:username': '*' }, expected: 'implicit-deny' },
      { name: "a default value: ${aws:username, 'guest'}", statements: [allow('s3:GetObject', `${BUCKET}/u/\${aws:username, 'guest'}/*`)], action: 's3:GetObject', resource: `${BUCKET}/u/guest/x`, expected: 'allow' },
      { name: '${*} is a literal asterisk', statements: [allow('s3:GetObject', `${BUCKET}/star\${*}`)], action: 's3:GetObject', resource: `${BUCKET}/star*`, expected: 'allow' },
      { name: '${*} does not match other text', statements: [allow('s3:GetObject', `${BUCKET}/star\${*}`)], action: 's3:GetObject', resource: `${BUCKET}/starry`, expected: 'implicit-deny' },
      { name: 'variables in condition values', statements: [allow('s3:ListBucket', BUCKET, { Condition: { StringLike: { 's3:prefix': ['avatars/${cognito-identity.amazonaws.com:sub}/*'] } } })], action: 's3:ListBucket', resource: BUCKET, context: { 's3:prefix': `avatars/${SUB}/`, 'cognito-identity.amazonaws.com:sub': SUB }, expected: 'allow' },
      { name: 'a 2008-10-17 policy reads ${…} literally', version: '2008-10-17', statements: [allow('s3:PutObject', avatars)], action: 's3:PutObject', resource: `${BUCKET}/avatars/${SUB}/x`, context: { 'cognito-identity.amazonaws.com:sub': SUB }, expected: 'implicit-deny' },
    ]);
  });

  describe('conditions', () => {
    const listWithPrefix = (operator: string, values: unknown) => [allow('s3:ListBucket', BUCKET, { Condition: { [operator]: { 's3:prefix': values } } })];
    const list = (operator: string, values: unknown, prefix?: string | string[]): Row => ({
      name: '',
      statements: listWithPrefix(operator, values),
      action: 's3:ListBucket',
      resource: BUCKET,
      context: prefix === undefined ? {} : { 's3:prefix': prefix },
      expected: 'allow',
    });
    const row = (name: string, base: Row, expected: PolicyDecision['effect']): Row => ({ ...base, name, expected });
    table([
      row('StringLike matches the Amplify list-prefix pattern', list('StringLike', ['public/*', 'public/'], 'public/photos/'), 'allow'),
      row('StringLike refuses another prefix', list('StringLike', ['public/*', 'public/'], 'private/'), 'implicit-deny'),
      row('StringLike fails when the key is absent', list('StringLike', ['public/*']), 'implicit-deny'),
      row('StringEquals is exact', list('StringEquals', 'public/', 'public/x'), 'implicit-deny'),
      row('StringEquals with one of several values', list('StringEquals', ['a', 'public/'], 'public/'), 'allow'),
      row('StringNotEquals is true for other values', list('StringNotEquals', 'secret/', 'public/'), 'allow'),
      row('StringNotEquals is true when the key is absent', list('StringNotEquals', 'secret/'), 'allow'),
      row('StringNotLike refuses a matching value', list('StringNotLike', 'secret/*', 'secret/x'), 'implicit-deny'),
      row('StringEqualsIgnoreCase ignores case', list('StringEqualsIgnoreCase', 'PUBLIC/', 'public/'), 'allow'),
      row('StringEquals does not ignore case', list('StringEquals', 'PUBLIC/', 'public/'), 'implicit-deny'),
      row('StringEqualsIfExists passes when the key is absent', list('StringEqualsIfExists', 'public/'), 'allow'),
      row('StringEqualsIfExists still tests a present key', list('StringEqualsIfExists', 'public/', 'private/'), 'implicit-deny'),
      row('Null true: the key must be absent', list('Null', 'true'), 'allow'),
      row('Null true fails when present', list('Null', 'true', 'x'), 'implicit-deny'),
      row('Null false: the key must be present', list('Null', 'false', 'x'), 'allow'),
      row('ForAnyValue:StringLike — one of several values suffices', list('ForAnyValue:StringLike', 'authenticated', ['authenticated', 'cognito-idp.us-east-1.amazonaws.com/us-east-1_x']), 'allow'),
      row('ForAnyValue:StringLike — none matches', list('ForAnyValue:StringLike', 'authenticated', ['unauthenticated']), 'implicit-deny'),
      row('ForAnyValue fails on an absent key', list('ForAnyValue:StringEquals', 'a'), 'implicit-deny'),
      row('ForAllValues:StringEquals — every value must be allowed', list('ForAllValues:StringEquals', ['a', 'b'], ['a', 'c']), 'implicit-deny'),
      row('ForAllValues:StringEquals — all allowed', list('ForAllValues:StringEquals', ['a', 'b'], ['b', 'a']), 'allow'),
      row('ForAllValues is true for an absent key', list('ForAllValues:StringEquals', ['a']), 'allow'),
      row('ForAnyValue:StringNotEquals — one value outside the list', list('ForAnyValue:StringNotEquals', ['a'], ['a', 'z']), 'allow'),
      row('ForAllValues:StringNotLike — no value may match', list('ForAllValues:StringNotLike', ['secret*'], ['a', 'secret-x']), 'implicit-deny'),
      row('NumericLessThan', list('NumericLessThan', '100', '42'), 'allow'),
      row('NumericLessThan refuses equality', list('NumericLessThan', '100', '100'), 'implicit-deny'),
      row('NumericGreaterThanEquals', list('NumericGreaterThanEquals', 100, '100'), 'allow'),
      row('NumericEquals refuses a non-number', list('NumericEquals', '1', 'one'), 'implicit-deny'),
      row('DateLessThan with ISO dates', list('DateLessThan', '2030-01-01T00:00:00Z', '2026-03-01T12:00:00Z'), 'allow'),
      row('DateGreaterThan with epoch seconds', list('DateGreaterThan', '1893456000', '2026-03-01T12:00:00Z'), 'implicit-deny'),
      row('Bool compares true/false case-insensitively', list('Bool', 'true', 'TRUE'), 'allow'),
      row('Bool false vs true', list('Bool', 'false', 'true'), 'implicit-deny'),
      row('IpAddress in a CIDR block', list('IpAddress', '127.0.0.0/8', '127.0.0.1'), 'allow'),
      row('NotIpAddress outside the block', list('NotIpAddress', '10.0.0.0/8', '127.0.0.1'), 'allow'),
      row('ArnLike with a wildcard', list('ArnLike', 'arn:aws:lambda:*:000000000000:function:*', 'arn:aws:lambda:us-east-1:000000000000:function:f'), 'allow'),
      row('ArnEquals is component-wise and case-sensitive', list('ArnEquals', 'arn:aws:lambda:us-east-1:000000000000:function:F', 'arn:aws:lambda:us-east-1:000000000000:function:f'), 'implicit-deny'),
      row('ArnNotLike', list('ArnNotLike', 'arn:aws:sns:*', 'arn:aws:lambda:us-east-1:000000000000:function:f'), 'allow'),
      row('condition key names are case-insensitive', { ...list('StringEquals', 'x', 'x'), statements: [allow('s3:ListBucket', BUCKET, { Condition: { StringEquals: { 'S3:Prefix': 'x' } } })] }, 'allow'),
      {
        name: 'several keys and operators must all hold',
        statements: [allow('s3:ListBucket', BUCKET, { Condition: { StringLike: { 's3:prefix': 'public/*' }, StringEquals: { 's3:delimiter': '/' }, Bool: { 'aws:SecureTransport': 'true' } } })],
        action: 's3:ListBucket',
        resource: BUCKET,
        context: { 's3:prefix': 'public/a', 's3:delimiter': '|', 'aws:securetransport': 'true' },
        expected: 'implicit-deny',
      },
      {
        name: 'a Deny only when its condition holds',
        statements: [allow('s3:*', '*'), deny('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
        action: 's3:GetObject',
        resource: `${BUCKET}/k`,
        context: { 'aws:securetransport': 'true' },
        expected: 'allow',
      },
    ]);
  });

  describe('trust policies', () => {
    const trust = {
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool' },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      },
    };
    const federated: PrincipalDescriptor = { type: 'Federated', id: 'cognito-identity.amazonaws.com' };
    it.each([
      ['the right pool and an authenticated identity', federated, { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool', 'cognito-identity.amazonaws.com:amr': ['authenticated', 'cognito-idp…'] }, 'allow'],
      ['another pool', federated, { 'cognito-identity.amazonaws.com:aud': 'us-east-1:other', 'cognito-identity.amazonaws.com:amr': ['authenticated'] }, 'implicit-deny'],
      ['a guest', federated, { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool', 'cognito-identity.amazonaws.com:amr': ['unauthenticated'] }, 'implicit-deny'],
      ['another principal', { type: 'Service', id: 'lambda.amazonaws.com' } as PrincipalDescriptor, { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool', 'cognito-identity.amazonaws.com:amr': ['authenticated'] }, 'implicit-deny'],
    ] as const)('%s', (_name, principal, context, expected) => {
      const { decision } = decide({ name: '', statements: [trust], action: 'sts:AssumeRoleWithWebIdentity', principal, context, expected }, 'trust');
      expect(decision.effect).toBe(expected);
    });
  });

  describe('policies IAM would reject', () => {
    it('an Allow with an unknown condition operator grants nothing, loudly', () => {
      // Prepare + Act
      const { decision, warnings } = decide({ name: '', statements: [allow('s3:*', '*', { Condition: { StringSortOf: { 's3:prefix': 'x' } } })], action: 's3:GetObject', resource: BUCKET, expected: 'implicit-deny' });

      // Assess
      expect(decision.effect).toBe('implicit-deny');
      expect(warnings).toEqual(['Unknown condition operator StringSortOf — this statement grants nothing locally']);
    });

    it('a Deny that cannot be compiled denies everything', () => {
      // Prepare + Act
      const { decision, warnings } = decide({ name: '', statements: [allow('*', '*'), deny('s3:GetObject', '*', { Condition: { Nope: {} } })], action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/T', expected: 'explicit-deny' });

      // Assess
      expect(decision.effect).toBe('explicit-deny');
      expect(warnings[0]).toMatch(/this Deny statement denies everything locally$/);
    });

    it('a statement without Resource is refused in an identity-based policy', () => {
      // Prepare + Act
      const { decision, warnings } = decide({ name: '', statements: [{ Effect: 'Allow', Action: 's3:GetObject' }], action: 's3:GetObject', resource: BUCKET, expected: 'implicit-deny' });

      // Assess
      expect(decision.effect).toBe('implicit-deny');
      expect(warnings[0]).toMatch(/needs Resource or NotResource/);
    });

    it('reports which statement decided, by Sid', () => {
      // Prepare + Act
      const { decision } = decide({ name: '', statements: [{ Sid: 'ReadAll', ...allow('s3:Get*', '*') }], action: 's3:GetObject', resource: BUCKET, expected: 'allow' });

      // Assess
      expect(decision).toEqual({ effect: 'allow', statement: 'TestPolicy statement ReadAll' });
    });
  });
});
