/**
 * The edge's Host and Origin allow-lists: loopback always, plus what the user adds.
 */
import { describe, expect, it } from 'vitest';
import { AccessPolicy, accessFromEnvironment, hostName, isLoopbackName } from '../../../../local/edge/access-policy';

describe('Host allow-list', () => {
  const policy = new AccessPolicy();

  it('answers loopback names with any port: 127.0.0.1 (all of 127/8), localhost, *.localhost, [::1]', () => {
    for (const host of ['127.0.0.1', '127.0.0.1:4566', '127.1.2.3:80', 'localhost', 'LOCALHOST:5173', 'my-bucket.localhost:4566', '[::1]', '[::1]:4566']) {
      expect(policy.allowsHost(host), host).toBe(true);
    }
  });

  it('refuses every other name, 0.0.0.0, look-alikes and a missing Host', () => {
    for (const host of ['evil.example', 'evil.example:4566', '0.0.0.0:4566', '127.0.0.1.evil.example', 'localhost.evil.example', 'notlocalhost', '[::ffff:7f00:1]', '10.0.0.1', '', undefined]) {
      expect(policy.allowsHost(host), String(host)).toBe(false);
    }
  });

  it('answers names the user adds, exactly or as *.suffix, case-insensitively', () => {
    const added = new AccessPolicy({ allowHosts: ['DevBox.test', '*.s3.us-east-1.amazonaws.com'] });
    expect(added.allowsHost('devbox.test:4566')).toBe(true);
    expect(added.allowsHost('bucket.s3.us-east-1.amazonaws.com')).toBe(true);
    expect(added.allowsHost('other.test')).toBe(false);
    expect(added.allowsHost('s3.us-east-1.amazonaws.com.evil.example')).toBe(false);
  });

  it('reads host names as browsers send them', () => {
    expect(hostName('Example.TEST:8080')).toBe('example.test');
    expect(hostName('[::1]:4566')).toBe('[::1]');
    expect(isLoopbackName('127.255.255.254')).toBe(true);
    expect(isLoopbackName('127.0.0.1x')).toBe(false);
  });
});

describe('Origin allow-list', () => {
  const policy = new AccessPolicy({ allowOrigins: ['https://app.example.test:8443'], allowHosts: ['devbox.test'] });

  it('grants loopback origins on any port and scheme (the Vite app, tests)', () => {
    for (const origin of ['http://127.0.0.1:5173', 'http://localhost:5173', 'https://localhost', 'http://[::1]:3000', 'http://app.localhost:5173']) {
      expect(policy.allowsOrigin(origin), origin).toBe(true);
    }
  });

  it('grants configured origins exactly, and pages on an added host', () => {
    expect(policy.allowsOrigin('https://app.example.test:8443')).toBe(true);
    expect(policy.allowsOrigin('https://app.example.test')).toBe(false);
    expect(policy.allowsOrigin('http://devbox.test:5173')).toBe(true);
  });

  it('refuses other sites, the opaque origin null, and non-http schemes', () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1.evil.example', 'null', 'file://', 'chrome-extension://abc', 'data:text/html,x', '']) {
      expect(policy.allowsOrigin(origin), origin).toBe(false);
    }
  });
});

describe('the environment', () => {
  it('adds hosts and origins from FLARE_ALLOW_HOSTS and FLARE_ALLOW_ORIGINS, comma- or space-separated', () => {
    expect(accessFromEnvironment({ FLARE_ALLOW_HOSTS: 'a.test, b.test', FLARE_ALLOW_ORIGINS: 'https://c.test' })).toEqual({
      allowHosts: ['a.test', 'b.test'],
      allowOrigins: ['https://c.test'],
    });
    expect(accessFromEnvironment({})).toEqual({ allowHosts: [], allowOrigins: [] });
  });
});
