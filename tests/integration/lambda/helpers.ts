import { LambdaClient } from '@aws-sdk/client-lambda';
import path from 'node:path';
import type { LocalCloud, LocalService } from '../../../local';
import type { LogRecord } from '../../../local/reporter';
import { iamService } from '../../../local/iam';
import { createLambdaService, type LambdaLocalService, type LambdaServiceOptions } from '../../../local/lambda';
import { clientConfig, recordingReporter, ROOT, startTestCloud } from '../../helpers/cloud';

export const RUNNER_FIXTURE = path.resolve('tests/fixtures/lambda-runner');

/** A local cloud over a fixture assembly, with its log records kept for assertions. */
export interface FixtureCloud {
  cloud: LocalCloud;
  lambda: LambdaLocalService;
  records: LogRecord[];
  /** The physical name of the function tagged `amplify:friendly-name` = `friendly`. */
  nameOf(friendly: string): string;
  client(credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): LambdaClient;
}

export async function startFixtureCloud(options: {
  cdkOut?: string;
  projectDir?: string;
  lambda?: LambdaServiceOptions;
  services?: (lambda: LambdaLocalService) => LocalService[];
  level?: 'debug' | 'info';
} = {}): Promise<FixtureCloud> {
  const records: LogRecord[] = [];
  const lambda = createLambdaService({ hotReload: false, ...options.lambda });
  const cloud = await startTestCloud({
    projectDir: options.projectDir,
    cdkOut: options.cdkOut ?? RUNNER_FIXTURE,
    inMemory: true,
    services: options.services?.(lambda) ?? [iamService(), lambda],
    reporter: recordingReporter(records, options.level),
  });
  return {
    cloud,
    lambda,
    records,
    nameOf(friendly) {
      const config = lambda.functions().find((candidate) => candidate.friendlyName === friendly);
      if (!config) throw new Error(`No function tagged ${friendly} in the fixture`);
      return config.name;
    },
    client(credentials = ROOT) {
      return new LambdaClient(clientConfig(cloud, credentials));
    },
  };
}

export function decode(payload: Uint8Array | undefined): unknown {
  return payload === undefined || payload.length === 0 ? undefined : JSON.parse(Buffer.from(payload).toString('utf8'));
}
