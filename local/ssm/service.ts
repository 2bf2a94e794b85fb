import path from 'node:path';
import { JsonProtocolService } from '../edge';
import { authenticateRequest } from '../iam';
import type { IamService } from '../iam/types';
import type { LocalService, ServiceContext, ServiceRegistry } from '../service';
import { ssmOperations } from './operations';
import { ParameterStore } from './parameter-store';
import { SecretsFile } from './secrets';

/** What the operations need: the store and the other services (IAM). */
export interface SsmContext {
  store: ParameterStore;
  services: ServiceRegistry;
}

/**
 * The local SSM Parameter Store: the assembly's parameters and Amplify's secrets,
 * answering GetParameter, GetParameters and GetParametersByPath on the edge (JSON 1.1,
 * `AmazonSSM.*`) so that the SSM banner of Amplify's function bundles resolves
 * `AMPLIFY_SSM_ENV_CONFIG` unchanged at cold start.
 * @example
 * startLocalCloud({ projectDir, services: [iamService(), createSsmService(), createLambdaService()] });
 */
export class SsmLocalService implements LocalService {
  readonly name = 'ssm';
  readonly resourceTypes = ['AWS::SSM::Parameter'] as const;
  private store?: ParameterStore;
  private secretsFile?: SecretsFile;

  async start(context: ServiceContext): Promise<void> {
    // Secrets are configuration, not state: with --in-memory the default state directory's
    // file is still read (never written), so functions keep their secrets.
    const file = context.stateDir
      ? path.join(context.stateDir, 'secrets.json')
      : SecretsFile.pathIn(path.join(context.projectDir, '.amplify', 'local', 'state'));
    this.secretsFile = new SecretsFile(file);
    this.store = new ParameterStore(context.assembly, this.secretsFile);
    const missing = this.store.missingSecrets();
    for (const name of missing) {
      const users = [...(this.store.referencedSecrets.get(name) ?? [])].join(', ');
      context.log.warn(`secret ${name} is not set (functions ${users} read it at cold start): npm run secret -- set ${name}`);
    }
    const ssm: SsmContext = { store: this.store, services: context.services };
    const protocol = new JsonProtocolService({
      name: 'ssm',
      targetPrefixes: ['AmazonSSM'],
      contentType: 'application/x-amz-json-1.1',
      operations: ssmOperations(ssm),
      log: context.log,
      authenticate: (request, body) => {
        const iam = context.services.find<IamService>('iam');
        return iam ? authenticateRequest(iam, request, body) : undefined;
      },
    });
    context.edge.addRoute(protocol.route());
  }

  async stop(): Promise<void> {}

  summary(): string {
    if (!this.store) return 'not started';
    const declared = this.store.all().filter((parameter) => !parameter.secretName).length;
    const secrets = this.secretsFile?.names().length ?? 0;
    const missing = this.store.missingSecrets();
    return `${declared} parameters; ${secrets} secret${secrets === 1 ? '' : 's'} in ${this.secretsFile?.file}${missing.length ? `; NOT set: ${missing.join(', ')}` : ''}`;
  }
}

/**
 * @example
 * startLocalCloud({ projectDir, services: [createSsmService()] });
 */
export function createSsmService(): SsmLocalService {
  return new SsmLocalService();
}
