import { UnknownRoleError } from '../../iam';
import type { IamService } from '../../iam/types';
import { ConsoleError } from '../errors';
import { requiredString, type ConsoleEndpoint } from './index';

/** Console sessions of a role last an hour, as a default AssumeRole session does. */
const SESSION_SECONDS = 3600;

/**
 * `POST /role-credentials` `{ roleArn }`: temporary credentials of one of the assembly's roles
 * (a function's execution role, a group's role), so the console can call an API as that
 * role does. On AWS the root user cannot assume roles; locally the root may.
 */
export const roleCredentials: ConsoleEndpoint = {
  method: 'POST',
  path: /^\/role-credentials$/,
  async handle({ host, json }) {
    const iam = host.services().find<IamService>('iam');
    if (!iam) throw ConsoleError.serviceNotRunning('iam');
    const roleArn = requiredString(await json(), 'roleArn');
    try {
      const credentials = iam.issueRoleCredentials(roleArn, { sessionName: 'flare-console', durationSeconds: SESSION_SECONDS });
      return { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken, expiration: credentials.expiration?.toISOString() };
    } catch (error) {
      if (error instanceof UnknownRoleError) throw ConsoleError.notFound(`Role ${roleArn}`);
      throw error;
    }
  },
};
