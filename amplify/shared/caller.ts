/** Who called a resolver, reduced to what Flare records (author names). */
export interface ResolverIdentity {
  sub?: string;
  username?: string;
  claims?: Record<string, unknown>;
  userArn?: string;
}

/** A display name for the caller: e-mail for users, the role for IAM callers. */
export function callerName(identity: ResolverIdentity | null | undefined): string {
  if (!identity) return 'system';
  const email = identity.claims?.email;
  if (typeof email === 'string' && email) return email;
  // IAM callers carry a username too (the principal id, `AROA…:session`): name them by role.
  if (identity.userArn) return identity.userArn.split('/').slice(-2, -1)[0] ?? identity.userArn;
  if (identity.username) return identity.username;
  return 'system';
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}
