/** The routing facts the edge reads from a request: the SigV4 scope's service and X-Amz-Target. */
import { describe, expect, it } from 'vitest';
import { amzTarget, credentialScopeService } from '../../../../local/edge/route-info';

const none = new URLSearchParams();

describe('credentialScopeService', () => {
  it('reads the service from the Authorization header\'s credential scope', () => {
    const authorization = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';
    expect(credentialScopeService({ authorization }, none)).toBe('cognito-idp');
  });

  it('reads any region and hyphenated service names', () => {
    const authorization = 'AWS4-HMAC-SHA256 Credential=ASIA1234567890ABCDEF/20260101/eu-west-3/execute-api/aws4_request,SignedHeaders=host,Signature=abc';
    expect(credentialScopeService({ authorization }, none)).toBe('execute-api');
  });

  it('reads a presigned URL\'s X-Amz-Credential', () => {
    const query = new URLSearchParams({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': 'test/20260101/us-east-1/s3/aws4_request' });
    expect(credentialScopeService({}, query)).toBe('s3');
  });

  it('is undefined for unsigned requests, other schemes and malformed scopes', () => {
    expect(credentialScopeService({}, none)).toBeUndefined();
    expect(credentialScopeService({ authorization: 'Bearer eyJ...' }, none)).toBeUndefined();
    expect(credentialScopeService({ authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101, Signature=abc' }, none)).toBeUndefined();
    expect(credentialScopeService({}, new URLSearchParams({ 'X-Amz-Credential': 'garbage' }))).toBeUndefined();
  });
});

describe('amzTarget', () => {
  it('splits Service_Version.Operation at the last dot', () => {
    expect(amzTarget({ 'x-amz-target': 'DynamoDB_20120810.GetItem' })).toEqual({ prefix: 'DynamoDB_20120810', operation: 'GetItem' });
    expect(amzTarget({ 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' })).toEqual({ prefix: 'AWSCognitoIdentityProviderService', operation: 'InitiateAuth' });
    expect(amzTarget({ 'x-amz-target': 'com.amazonaws.x.Service.Op' })).toEqual({ prefix: 'com.amazonaws.x.Service', operation: 'Op' });
  });

  it('a target without a dot is a prefix with no operation; no header is no target', () => {
    expect(amzTarget({ 'x-amz-target': 'AmazonSSM' })).toEqual({ prefix: 'AmazonSSM', operation: '' });
    expect(amzTarget({})).toBeUndefined();
  });
});
