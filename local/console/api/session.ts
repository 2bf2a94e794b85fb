import { LOCAL_ACCOUNT } from '../../assembly';
import type { IamService } from '../../iam/types';
import type { ConsoleEndpoint } from './index';
import { describeServices } from './service-descriptions';

/**
 * `GET /session`: what the console needs to call the services' own APIs — the edge, the
 * region and account, the root's credentials — and which services run (pages appear only
 * for those). The console's guard keeps it to the console's own origin.
 */
export const session: ConsoleEndpoint = {
  method: 'GET',
  path: /^\/session$/,
  handle({ host }) {
    const iam = host.services().find<IamService>('iam');
    // Without a local IAM service no signature is checked: any credentials do.
    const { accessKeyId, secretAccessKey } = iam?.rootCredentials ?? { accessKeyId: 'test', secretAccessKey: 'test' };
    return {
      endpoint: host.endpoint,
      region: LOCAL_ACCOUNT.region,
      accountId: LOCAL_ACCOUNT.accountId,
      credentials: { accessKeyId, secretAccessKey },
      services: describeServices(host).map(({ name, resources }) => ({ name, resources })),
    };
  },
};
