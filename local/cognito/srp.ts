import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The server side of Cognito's SRP-6a, computed exactly as aws-amplify v6 computes the
 * client side (FACTS.md): RFC 3526's 3072-bit group, g = 2, SHA-256, Java-style signed hex
 * padding, and an HKDF-derived key that signs the password claim. The pool stores only
 * `salt` and `verifier = g^x mod N`; the password never reaches the server in SRP sign-in.
 */

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

const N = BigInt(`0x${N_HEX}`);
const G = 2n;
const INFO = Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]);

/** Java BigInteger.toByteArray() as hex: even length, `00` prepended when the top bit is set. */
export function paddedHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const hashHex = (hex: string): bigint => BigInt(`0x${sha256Hex(Buffer.from(hex, 'hex'))}`);

/** k = H(pad(N) ‖ pad(g)). */
const K = hashHex(paddedHex(N) + paddedHex(G));

/**
 * `base^exponent mod N` by square-and-multiply on BigInt (a few ms for 3072 bits). OpenSSL's
 * Diffie-Hellman was quicker on Node 20 but checks the prime at every createDiffieHellman on
 * Node 24 (1.7 s each), and a shared object gave RangeErrors on Node 22 for hostile values.
 */
function powModN(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let square = base % N;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * square) % N;
    square = (square * square) % N;
  }
  return result;
}

/** x = H(pad(salt) ‖ H(poolName ‖ userId ‖ ":" ‖ password)). */
function privateValue(poolName: string, userId: string, password: string, salt: bigint): bigint {
  const identity = sha256Hex(`${poolName}${userId}:${password}`);
  return hashHex(paddedHex(salt) + identity);
}

export interface PasswordVerifier {
  /** Hex of the salt as the client is told it (`SALT`). */
  salt: string;
  /** Hex of g^x mod N. */
  verifier: string;
}

/**
 * The salt and verifier a password is stored as.
 * @example
 * const stored = createVerifier('Abc123', 'a8b1…-uuid', 'Secret123!');
 */
export function createVerifier(poolName: string, userId: string, password: string): PasswordVerifier {
  const salt = BigInt(`0x${randomBytes(16).toString('hex')}`);
  return computeVerifier(poolName, userId, password, salt);
}

function computeVerifier(poolName: string, userId: string, password: string, salt: bigint): PasswordVerifier {
  const x = privateValue(poolName, userId, password, salt);
  return { salt: paddedHex(salt), verifier: powModN(G, x).toString(16) };
}

/**
 * Whether `password` is the one the verifier was made from (USER_PASSWORD_AUTH and the
 * password-change operations, which receive the password itself).
 */
export function passwordMatches(stored: PasswordVerifier, poolName: string, userId: string, password: string): boolean {
  const recomputed = computeVerifier(poolName, userId, password, BigInt(`0x${stored.salt}`));
  const a = Buffer.from(recomputed.verifier, 'utf8');
  const b = Buffer.from(stored.verifier, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The server's half of one SRP exchange. */
export interface ServerChallenge {
  /** The secret exponent b (hex). */
  b: string;
  /** B = k·v + g^b mod N (hex, what `SRP_B` carries). */
  B: string;
}

/** Starts an exchange for a stored verifier: B = (k·v + g^b) mod N, never 0. */
export function startExchange(verifierHex: string): ServerChallenge {
  const v = BigInt(`0x${verifierHex}`);
  for (;;) {
    const b = BigInt(`0x${randomBytes(128).toString('hex')}`);
    const B = (K * v + powModN(G, b)) % N;
    if (B !== 0n) return { b: b.toString(16), B: B.toString(16) };
  }
}

/** Parses `SRP_A`; undefined when it is not hex or A mod N is 0 (a malicious client). */
export function parseClientPublic(srpA: string): bigint | undefined {
  if (!/^[0-9a-fA-F]{1,2048}$/.test(srpA)) return undefined;
  const A = BigInt(`0x${srpA}`);
  return A % N === 0n ? undefined : A;
}

export interface ClaimInput {
  poolName: string;
  userId: string;
  A: bigint;
  challenge: ServerChallenge;
  verifier: string;
  /** The `SECRET_BLOCK` as sent to the client (base64). */
  secretBlock: string;
  /** `TIMESTAMP` as the client formatted it, e.g. `Thu Nov 26 15:33:31 UTC 2026`. */
  timestamp: string;
}

/**
 * The `PASSWORD_CLAIM_SIGNATURE` a client that knows the password computes:
 * u = H(pad(A) ‖ pad(B)), S = (A · v^u)^b mod N, key = HKDF(pad(S), pad(u), "Caldera Derived Key"),
 * signature = HMAC(key, poolName ‖ userId ‖ secretBlock ‖ timestamp).
 */
export function expectedClaimSignature(input: ClaimInput): Buffer {
  const B = BigInt(`0x${input.challenge.B}`);
  const b = BigInt(`0x${input.challenge.b}`);
  const v = BigInt(`0x${input.verifier}`);
  const u = hashHex(paddedHex(input.A) + paddedHex(B));
  if (u === 0n) throw new RangeError('SRP u is 0');
  const base = (input.A * powModN(v, u)) % N;
  const S = powModN(base, b);
  const prk = createHmac('sha256', Buffer.from(paddedHex(u), 'hex')).update(Buffer.from(paddedHex(S), 'hex')).digest();
  const key = createHmac('sha256', prk).update(INFO).digest().subarray(0, 16);
  return createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(input.poolName, 'utf8'), Buffer.from(input.userId, 'utf8'), Buffer.from(input.secretBlock, 'base64'), Buffer.from(input.timestamp, 'utf8')]))
    .digest();
}

/** Constant-time check of a client's base64 claim signature. */
export function claimSignatureMatches(input: ClaimInput, signature: string): boolean {
  let expected: Buffer;
  try {
    expected = expectedClaimSignature(input);
  } catch {
    // OpenSSL refuses degenerate values (A·v^u ≡ 0, 1 or N-1): such a claim proves nothing.
    return false;
  }
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The exact `TIMESTAMP` format: `ddd MMM D HH:mm:ss UTC YYYY`, day not zero-padded. */
export const SRP_TIMESTAMP = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] UTC [0-9]{4}$/;
