import path from 'node:path';
import { CloudAssembly } from '../../../../local/assembly';
import { EdgeServer } from '../../../../local/edge';
import { Reporter } from '../../../../local/reporter';
import { StateStore } from '../../../../local/state';
import { ServiceRegistry, type LocalService } from '../../../../local/service';
import { AppSyncService } from '../../../../local/appsync';
import { FakeCognito, FakeDynamoDB, FakeIam, FakeJsRuntime, FakeLambda } from './doubles';

export interface Harness {
  endpoint: string;
  appsync: AppSyncService;
  iam: FakeIam;
  dynamodb: FakeDynamoDB;
  cognito: FakeCognito;
  lambda: FakeLambda;
  runtime: FakeJsRuntime;
  apiKey: string;
  expiredApiKey: string;
  apiId: string;
  apiArn: string;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: any }>;
  stop(): Promise<void>;
}

/** Starts the AppSync service alone on an edge, over the engine fixture, with test doubles around it. */
export async function startHarness(options: { withLambda?: boolean; iam?: LocalService; fixture?: string; executionTimeoutMs?: number } = {}): Promise<Harness> {
  const reporter = new Reporter({ level: 'silent' });
  const edge = new EdgeServer(reporter);
  const endpoint = await edge.listen(0);
  const assembly = CloudAssembly.load({ dir: path.resolve(`tests/fixtures/${options.fixture ?? 'appsync-engine'}`), endpoint, seed: 'engine' });
  const services = new ServiceRegistry();
  const iam = new FakeIam();
  const dynamodb = new FakeDynamoDB();
  const cognito = new FakeCognito();
  const lambda = new FakeLambda();
  const runtime = new FakeJsRuntime();
  const doubles: LocalService[] = [options.iam ?? iam, dynamodb, cognito, ...(options.withLambda === false ? [] : [lambda])];
  for (const service of doubles) {
    if (service === options.iam) await service.start({ assembly, edge, endpoint, reporter, log: reporter.for(service.name), state: StateStore.memory(reporter).service(service.name), services, projectDir: process.cwd() });
    services.add(service);
  }
  const appsync = new AppSyncService({ runtimes: { APPSYNC_JS: runtime }, executionTimeoutMs: options.executionTimeoutMs });
  await appsync.start({ assembly, edge, endpoint, reporter, log: reporter.for('appsync'), state: StateStore.memory(reporter).service('appsync'), services, projectDir: process.cwd() });
  services.add(appsync);
  const [api] = assembly.ofType('AWS::AppSync::GraphQLApi');
  const keys = assembly.ofType('AWS::AppSync::ApiKey');
  return {
    endpoint, appsync, iam, dynamodb, cognito, lambda, runtime,
    apiKey: String(keys.find((k) => k.logicalId === 'Key')?.getAtt('ApiKey')),
    expiredApiKey: String(keys.find((k) => k.logicalId === 'ExpiredKey')?.getAtt('ApiKey')),
    apiId: String(api.getAtt('ApiId')),
    apiArn: String(api.getAtt('Arn')),
    async post(body, headers = {}) {
      const response = await fetch(`${endpoint}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
    },
    async stop() {
      await appsync.stop();
      await edge.close();
    },
  };
}
