import { describe, expect, it } from 'vitest';
import { claimSignatureMatches, createVerifier, paddedHex, parseClientPublic, passwordMatches, SRP_TIMESTAMP, startExchange } from '../../../../local/cognito/srp';
import { SrpClient, srpTimestamp } from '../../../helpers/srp-client';

const POOL = 'AbCdEf123';
const USER = '8f1c3f7e-2b2a-4c59-9b67-0c1d2e3f4a5b';

/** One exchange: the server's challenge, the client's answer, and whether the server accepts it. */
function exchange(options: { password: string; clientPassword: string; clientPool?: string; tamper?: (responses: Record<string, string>) => void }) {
  const stored = createVerifier(POOL, USER, options.password);
  const client = new SrpClient(options.clientPool ?? POOL);
  const server = startExchange(stored.verifier);
  const secretBlock = Buffer.from('secret block bytes').toString('base64');
  const responses = client.answer({ SALT: stored.salt, SRP_B: server.B, SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: USER }, options.clientPassword);
  options.tamper?.(responses);
  return claimSignatureMatches(
    { poolName: POOL, userId: USER, A: parseClientPublic(client.A)!, challenge: server, verifier: stored.verifier, secretBlock: responses.PASSWORD_CLAIM_SECRET_BLOCK, timestamp: responses.TIMESTAMP },
    responses.PASSWORD_CLAIM_SIGNATURE,
  );
}

describe('SRP (server side)', () => {
  it('pads hex as Java BigInteger.toByteArray does', () => {
    expect(paddedHex(0x14n)).toBe('14');
    expect(paddedHex(0xecn)).toBe('00ec');
    expect(paddedHex(0x80n)).toBe('0080');
    expect(paddedHex(0x100n)).toBe('0100');
    expect(paddedHex(0x7fffn)).toBe('7fff');
  });

  it('accepts the claim of a client that knows the password', () => {
    expect(exchange({ password: 'Correct-Horse-9', clientPassword: 'Correct-Horse-9' })).toBe(true);
  });

  it('refuses a wrong password, another pool name, and a claim altered in transit', () => {
    expect(exchange({ password: 'Correct-Horse-9', clientPassword: 'Correct-Horse-8' })).toBe(false);
    expect(exchange({ password: 'Correct-Horse-9', clientPassword: 'Correct-Horse-9', clientPool: 'Other' })).toBe(false);
    expect(exchange({ password: 'Correct-Horse-9', clientPassword: 'Correct-Horse-9', tamper: (r) => (r.TIMESTAMP = srpTimestamp(new Date(Date.now() + 60_000))) })).toBe(false);
    expect(exchange({ password: 'Correct-Horse-9', clientPassword: 'Correct-Horse-9', tamper: (r) => (r.PASSWORD_CLAIM_SECRET_BLOCK = Buffer.from('other block').toString('base64')) })).toBe(false);
    expect(exchange({ password: 'Correct-Horse-9', clientPassword: 'Correct-Horse-9', tamper: (r) => (r.PASSWORD_CLAIM_SIGNATURE = 'AAAA') })).toBe(false);
  });

  it('stores a salted verifier that differs per user and never contains the password', () => {
    const one = createVerifier(POOL, USER, 'Same-Password-1');
    const two = createVerifier(POOL, USER, 'Same-Password-1');
    expect(one.salt).not.toBe(two.salt);
    expect(one.verifier).not.toBe(two.verifier);
    expect(JSON.stringify(one)).not.toContain('Same-Password-1');
    expect(passwordMatches(one, POOL, USER, 'Same-Password-1')).toBe(true);
    expect(passwordMatches(one, POOL, USER, 'Same-Password-2')).toBe(false);
    expect(passwordMatches(one, POOL, 'another-user', 'Same-Password-1')).toBe(false);
  });

  it('refuses degenerate client values (A ≡ 0 mod N) and non-hex', () => {
    expect(parseClientPublic('0')).toBeUndefined();
    const N = 'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
    expect(parseClientPublic(N)).toBeUndefined();
    expect(parseClientPublic('xyz')).toBeUndefined();
    expect(parseClientPublic('ab12')).toBe(0xab12n);
  });

  it('knows the TIMESTAMP format aws-amplify sends (day not zero-padded)', () => {
    expect(SRP_TIMESTAMP.test('Thu Nov 26 15:33:31 UTC 2026')).toBe(true);
    expect(SRP_TIMESTAMP.test('Tue Dec 1 09:03:07 UTC 2026')).toBe(true);
    expect(SRP_TIMESTAMP.test('Tue Dec 01 09:03:07 UTC 2026')).toBe(false);
    expect(SRP_TIMESTAMP.test('2026-12-01T09:03:07Z')).toBe(false);
    expect(SRP_TIMESTAMP.test(srpTimestamp())).toBe(true);
  });
});
