import path from 'node:path';
import { LOCAL_ACCOUNT } from '../assembly';
import { serveJsonService } from '../kit';
import type { LocalService, ServiceContext } from '../service';
import { AmplifySecrets } from './amplify-secrets';
import type { SsmCall } from './context';
import { copySavedParameters, deployAssemblyParameters, importLegacySecrets } from './deployment';
import { SSM_OPERATIONS } from './operations';
import { ParameterStore } from './parameter-store';
import { SECRET_FETCHER_TYPE } from './secret-fetcher';

/** Who a write made without a signed caller (the assembly's deployment, an unchecked call) is recorded as. */
const ROOT_ARN = `arn:aws:iam::${LOCAL_ACCOUNT.accountId}:root`;

export interface SsmServiceOptions {
  /** The clock (epoch ms). */
  now?: () => number;
}

/**
 * The local SSM Parameter Store: the assembly's parameters, Amplify's secrets and whatever
 * callers put, kept in the state store with their versions, answering the Parameter Store API
 * on the edge (JSON 1.1, `AmazonSSM.*`) so that Amplify's function banner
 * (`AMPLIFY_SSM_ENV_CONFIG`) and `ampx sandbox secret` work unchanged.
 * @example
 * startLocalCloud({ projectDir, services: [iamService(), createSsmService(), createLambdaService()] });
 */
export class SsmLocalService implements LocalService {
  readonly name = 'ssm';
  /** Amplify's secret fetcher is answered from the same secrets, as the assembly's attribute resolver (secret-fetcher.ts). */
  readonly resourceTypes = ['AWS::SSM::Parameter', SECRET_FETCHER_TYPE] as const;
  private store?: ParameterStore;
  private secrets?: AmplifySecrets;
  private readonly now: () => number;

  constructor(options: SsmServiceOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async start(context: ServiceContext): Promise<void> {
    const secrets = AmplifySecrets.fromAssembly(context.assembly);
    const store = await ParameterStore.open(context.state);
    this.store = store;
    this.secrets = secrets;
    if (context.state.persistent) {
      await importLegacySecrets(context.state, store, secrets, ROOT_ARN, context.log);
    } else {
      const copied = await copySavedParameters(path.join(context.projectDir, '.amplify', 'local', 'state'), store, context.reporter);
      if (copied > 0) context.log.info(`in memory: ${copied} parameter(s) (secrets) copied from the project's state directory, read-only`);
    }
    await deployAssemblyParameters(context.assembly, store, this.now(), ROOT_ARN);
    for (const name of secrets.missing(store)) {
      const users = [...(secrets.referenced.get(name)?.users ?? [])].join(', ');
      context.log.warn(`secret ${name} is not set (functions ${users} read it at cold start): flare-local secret set ${name}`);
    }
    serveJsonService<SsmCall>({
      name: 'ssm',
      targetPrefixes: ['AmazonSSM'],
      contentType: 'application/x-amz-json-1.1',
      registry: SSM_OPERATIONS,
      context,
      bind: (call) => ({ ...call, parameters: store, secrets, user: call.principal?.arn ?? ROOT_ARN, now: this.now }),
    });
  }

  async stop(): Promise<void> {}

  summary(): string {
    if (!this.store || !this.secrets) return 'not started';
    const all = this.store.all();
    const declared = all.filter((parameter) => parameter.fromAssembly).length;
    const secretCount = new Set(all.map((parameter) => this.secrets!.secretName(parameter.name)).filter(Boolean)).size;
    const missing = this.secrets.missing(this.store);
    return `${declared} parameters from the assembly, ${all.length - declared} set by callers; ${secretCount} secret${secretCount === 1 ? '' : 's'}${missing.length ? `; NOT set: ${missing.join(', ')}` : ''}`;
  }
}

/**
 * @example
 * startLocalCloud({ projectDir, services: [createSsmService()] });
 */
export function createSsmService(options: SsmServiceOptions = {}): SsmLocalService {
  return new SsmLocalService(options);
}
