/**
 * Starts a local cloud running Flare's backend for AppSync tests and configures the real
 * aws-amplify v6 client against it (the Schema type comes from amplify/data/resource).
 */
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { Reporter, startLocalCloud, type LocalCloud } from '../../../local';
import { amplifyConfig } from '../../../local/client';
import { appsyncService } from '../../../local/appsync';
import type { IamService } from '../../../local/iam/types';
import type { Credentials } from '../../../local/iam/types';
import { defaultServices } from '../../../local/services';

/** The services an AppSync test needs, from the default list, with AppSync last. */
export function appsyncTestServices(names: readonly string[]) {
  const services = defaultServices().filter((service) => names.includes(service.name));
  if (!services.some((service) => service.name === 'appsync')) services.push(appsyncService());
  return services;
}

export async function startFlareCloud(names: readonly string[]): Promise<LocalCloud> {
  return startLocalCloud({
    projectDir: process.cwd(),
    port: 0,
    inMemory: true,
    outputsFile: false,
    synth: false,
    services: appsyncTestServices(names),
    reporter: new Reporter({ level: 'warn' }),
  });
}

/**
 * Configures aws-amplify from the cloud's outputs. IAM requests are signed with
 * `credentials()` (as `getAmplifyDataClientConfig` does inside a function).
 */
export function configureAmplify(cloud: LocalCloud, credentials: () => Credentials): void {
  Amplify.configure(amplifyConfig(cloud.outputs), {
    Auth: {
      credentialsProvider: {
        getCredentialsAndIdentityId: async () => ({ credentials: credentials() }),
        clearCredentialsAndIdentityId: () => {},
      },
    },
  });
}

/** Credentials of the role of a function of the assembly (by the start of its logical id). */
export function functionRoleCredentials(cloud: LocalCloud, logicalIdPrefix: string): Credentials {
  const role = cloud.assembly.ofType('AWS::IAM::Role').find((r) => r.logicalId.startsWith(logicalIdPrefix));
  if (!role) throw new Error(`No role ${logicalIdPrefix}* in the assembly`);
  return cloud.services.get<IamService>('iam').issueRoleCredentials(String(role.getAtt('Arn')), { sessionName: logicalIdPrefix });
}

export { generateClient };
