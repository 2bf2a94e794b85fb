import { randomBytes } from 'node:crypto';
import type { ServerChallenge } from './srp';

/** A PASSWORD_VERIFIER challenge in flight: the server's SRP half, bound to its user and client. */
export interface SrpChallenge {
  kind: 'PASSWORD_VERIFIER';
  userPoolId: string;
  clientId: string;
  /** The user's username; undefined for the decoy challenge of a user that does not exist. */
  username?: string;
  /** What the caller asked to sign in as (the decoy's USERNAME). */
  requested: string;
  A: bigint;
  server: ServerChallenge;
  expiresAt: number;
}

/** A NEW_PASSWORD_REQUIRED challenge: the user proved a temporary password. */
export interface NewPasswordChallenge {
  kind: 'NEW_PASSWORD_REQUIRED';
  userPoolId: string;
  clientId: string;
  username: string;
  expiresAt: number;
}

export type PendingChallenge = SrpChallenge | NewPasswordChallenge;

/** Bound on challenges kept at once, so abandoned sign-ins cannot grow memory without end. */
const LIMIT = 10_000;

/**
 * Challenges between InitiateAuth and RespondToAuthChallenge, by the opaque handle the
 * client echoes (`SECRET_BLOCK` for SRP, `Session` for the others). Single use, and valid
 * for the client's AuthSessionValidity. In memory: a restart asks users to sign in again,
 * as an expired session would.
 */
export class ChallengeSessions {
  private readonly pending = new Map<string, PendingChallenge>();

  constructor(private readonly now: () => number) {}

  /** Stores a challenge and returns its handle (base64, as Cognito's are). */
  open(challenge: PendingChallenge): string {
    if (this.pending.size >= LIMIT) this.sweep();
    const handle = randomBytes(96).toString('base64');
    this.pending.set(handle, challenge);
    return handle;
  }

  /** Takes a challenge out (single use); undefined when unknown or expired. */
  take(handle: string): PendingChallenge | undefined {
    const challenge = this.pending.get(handle);
    if (!challenge) return undefined;
    this.pending.delete(handle);
    return challenge.expiresAt > this.now() ? challenge : undefined;
  }

  private sweep(): void {
    const now = this.now();
    for (const [handle, challenge] of this.pending) if (challenge.expiresAt <= now) this.pending.delete(handle);
    // Still full of live ones: drop the oldest (insertion order).
    while (this.pending.size >= LIMIT) this.pending.delete(this.pending.keys().next().value!);
  }
}
