import type { IamService, Principal } from '../../iam/types';

/**
 * The principal a data source acts as: its ServiceRoleArn assumed the way AppSync
 * assumes it (credentials issued by the IAM service, turned into the principal IAM
 * evaluates), renewed before the credentials expire.
 */
export class RolePrincipal {
  private cached?: { principal: Principal; until: number };

  constructor(private readonly iam: IamService, readonly roleArn: string) {}

  async get(): Promise<Principal> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.principal;
    const credentials = this.iam.issueRoleCredentials(this.roleArn, { sessionName: 'APPSYNC_ASSUME_ROLE', durationSeconds: 3600 });
    const principal = this.iam.principalOf(credentials);
    const expires = credentials.expiration?.getTime() ?? Date.now() + 3600_000;
    this.cached = { principal, until: expires - 60_000 };
    return principal;
  }
}
