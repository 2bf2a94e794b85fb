/**
 * The client half of Cognito's SRP sign-in, written from the formulas in FACTS.md (not from
 * the local server's code), for tests and benchmarks that drive InitiateAuth /
 * RespondToAuthChallenge through the AWS SDK. The real aws-amplify client is exercised by the
 * integration tests; this one exists so SDK-level tests can sign in without it.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);

/** Java's BigInteger.toByteArray() in hex. */
const pad = (value: bigint): string => {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return parseInt(hex[0], 16) >= 8 ? `00${hex}` : hex;
};
const H = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const Hhex = (hex: string): bigint => BigInt(`0x${H(Buffer.from(hex, 'hex'))}`);

/** base^e mod N by square-and-multiply (createDiffieHellman checks the prime each time on Node 24: 1.7 s). */
function pow(base: bigint, e: bigint): bigint {
  let result = 1n;
  let square = base % N;
  for (let rest = e; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = (result * square) % N;
    square = (square * square) % N;
  }
  return result;
}

const k = Hhex(pad(N) + pad(2n));

/** `ddd MMM D HH:mm:ss UTC YYYY`, as aws-amplify formats TIMESTAMP. */
export function srpTimestamp(date = new Date()): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

export class SrpClient {
  private readonly a = BigInt(`0x${randomBytes(128).toString('hex')}`) % N;
  /** SRP_A, hex. */
  readonly A: string;

  constructor(private readonly poolName: string) {
    this.A = pow(2n, this.a).toString(16);
  }

  /** ChallengeResponses for a PASSWORD_VERIFIER challenge. */
  answer(parameters: Record<string, string>, password: string, timestamp = srpTimestamp()): Record<string, string> {
    const userId = parameters.USER_ID_FOR_SRP;
    const B = BigInt(`0x${parameters.SRP_B}`);
    const salt = BigInt(`0x${parameters.SALT}`);
    const A = BigInt(`0x${this.A}`);
    const u = Hhex(pad(A) + pad(B));
    const x = Hhex(pad(salt) + H(`${this.poolName}${userId}:${password}`));
    const base = (((B - k * pow(2n, x)) % N) + N) % N;
    const S = pow(base, this.a + u * x);
    const prk = createHmac('sha256', Buffer.from(pad(u), 'hex')).update(Buffer.from(pad(S), 'hex')).digest();
    const key = createHmac('sha256', prk).update(Buffer.concat([Buffer.from('Caldera Derived Key'), Buffer.from([1])])).digest().subarray(0, 16);
    const signature = createHmac('sha256', key)
      .update(Buffer.concat([Buffer.from(this.poolName), Buffer.from(userId), Buffer.from(parameters.SECRET_BLOCK, 'base64'), Buffer.from(timestamp)]))
      .digest('base64');
    return { USERNAME: userId, PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature };
  }
}
