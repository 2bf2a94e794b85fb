import { existsSync, readFileSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { generateClientConfig } from '@aws-amplify/client-config';
import type { CloudAssembly } from '../assembly';
import { AssemblyError } from '../assembly';

/** What `custom.local` in amplify_outputs.json says about the local cloud. */
export interface LocalOutputs {
  endpoint: string;
  region: string;
  /** Credentials for callers outside the backend (scripts, the AWS CLI): the local account's root. */
  rootCredentials?: { accessKeyId: string; secretAccessKey: string };
}

type ClientConfig = Awaited<ReturnType<typeof generateClientConfig<'1.4'>>> & { custom?: Record<string, unknown> };

/** A stand-in for the SDK clients `@aws-amplify/client-config` calls, answered from the assembly. */
function assemblyClients(assembly: CloudAssembly) {
  const root = assembly.roots[0];
  const cloudFormation = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      switch (command.constructor.name) {
        case 'GetTemplateSummaryCommand':
          return { Metadata: JSON.stringify(root.template.Metadata ?? {}) };
        case 'DescribeStacksCommand':
          return {
            Stacks: [
              {
                StackName: root.name,
                StackStatus: 'CREATE_COMPLETE',
                Outputs: Object.entries(assembly.rootOutputs()).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
              },
            ],
          };
        default:
          throw new AssemblyError(`client-config asked CloudFormation for ${command.constructor.name}, which the local outputs step does not answer`);
      }
    },
  };
  const s3 = {
    send: async (command: { constructor: { name: string }; input: { Bucket?: string; Key?: string } }) => {
      if (command.constructor.name !== 'GetObjectCommand') {
        throw new AssemblyError(`client-config asked S3 for ${command.constructor.name}, which the local outputs step does not answer`);
      }
      const file = deployedObjectPath(assembly, command.input.Bucket!, command.input.Key!);
      const body = readFileSync(file);
      return { Body: { transformToString: async () => body.toString('utf8') } };
    },
  };
  return {
    getCloudFormationClient: () => cloudFormation,
    getS3Client: () => s3,
    getAmplifyClient: () => ({
      send: async () => {
        throw new AssemblyError('client-config asked the Amplify service for an app: local outputs are generated for a stack, not a branch');
      },
    }),
  };
}

/**
 * The file a `Custom::CDKBucketDeployment` puts at `bucket/key`, read straight
 * from its asset (so outputs can be written before S3 starts).
 */
export function deployedObjectPath(assembly: CloudAssembly, bucket: string, key: string): string {
  for (const deployment of assembly.ofType('Custom::CDKBucketDeployment')) {
    const props = deployment.properties() as { DestinationBucketName?: string; DestinationBucketKeyPrefix?: string; SourceObjectKeys?: string[] };
    if (props.DestinationBucketName !== bucket) continue;
    const prefix = props.DestinationBucketKeyPrefix ?? '';
    if (!key.startsWith(prefix)) continue;
    for (const objectKey of props.SourceObjectKeys ?? []) {
      const candidate = path.join(assembly.assetPath(objectKey), key.slice(prefix.length));
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new AssemblyError(`No bucket deployment in the assembly puts s3://${bucket}/${key}`);
}

/**
 * Builds `amplify_outputs.json` for the local cloud through Amplify's own
 * `@aws-amplify/client-config`, fed the local stack's outputs, and adds
 * `custom.local`.
 * @example
 * const outputs = await buildOutputs(assembly, { endpoint, region: 'us-east-1' });
 */
export async function buildOutputs(assembly: CloudAssembly, local: LocalOutputs): Promise<ClientConfig> {
  const clients = assemblyClients(assembly);
  const config = (await generateClientConfig(
    { stackName: assembly.roots[0].name },
    '1.4',
    clients as unknown as Parameters<typeof generateClientConfig>[2],
  )) as ClientConfig;
  return { ...config, custom: { ...(config.custom ?? {}), local } };
}

/** Writes the outputs atomically (a reader never sees half a file). */
export async function writeOutputs(file: string, outputs: ClientConfig): Promise<void> {
  const staging = `${file}.${process.pid}.tmp`;
  await writeFile(staging, `${JSON.stringify(outputs, null, 2)}\n`);
  await rename(staging, file);
}

export type { ClientConfig };
