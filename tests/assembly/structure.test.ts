import { beforeAll, describe, expect, it } from 'vitest';
import { loadAssembly, type CloudAssembly } from '../helpers/assembly';

let assembly: CloudAssembly;

beforeAll(() => {
  assembly = loadAssembly();
});

describe('cloud assembly', () => {
  it('is one root stack with nested auth, data and storage stacks, and the data stack’s own nested stacks', () => {
    // Act
    const tree = Object.fromEntries(assembly.stackNames.map((name) => [name, assembly.stack(name).parent?.name ?? null]));

    // Assess
    expect(tree).toEqual({
      root: null,
      auth: 'root',
      data: 'root',
      storage: 'root',
      ingest: 'root',
      amplifyDataAmplifyTableManager: 'data',
      amplifyDataService: 'data',
      amplifyDataIncident: 'data',
      amplifyDataTimelineEvent: 'data',
      amplifyDataStatusUpdate: 'data',
      amplifyDataMaintenanceWindow: 'data',
      amplifyDataIntegration: 'data',
      amplifyDataFunctionDirectiveStack: 'data',
      amplifyDataConnectionStack: 'data',
    });
  });

  it('names the root stack after the sandbox, as ampx does', () => {
    // Act
    const stackArtifacts = Object.entries(assembly.manifest.artifacts).filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack');

    // Assess
    expect(stackArtifacts.map(([name]) => name)).toEqual([expect.stringMatching(/^amplify-flare-local-sandbox-[0-9a-f]{10}$/)]);
  });

  it('has every output that the Amplify metadata promises (what @aws-amplify/client-config reads)', () => {
    // Prepare
    const root = assembly.stack('root').template;
    const promised = Object.values(root.Metadata ?? {}).flatMap((entry: { stackOutputs?: string[] }) => entry.stackOutputs ?? []);

    // Act
    const missing = promised.filter((name) => !(name in (root.Outputs ?? {})));

    // Assess
    expect(promised).toEqual(expect.arrayContaining(['userPoolId', 'awsAppsyncApiEndpoint', 'awsAppsyncApiKey', 'bucketName', 'groups']));
    expect(missing).toEqual([]);
  });

  it('advertises user pools as the default API auth mode, with API key and IAM besides', () => {
    // Act
    const outputs = assembly.stack('root').template.Outputs ?? {};

    // Assess
    expect(outputs.awsAppsyncAuthenticationType.Value).toBe('AMAZON_COGNITO_USER_POOLS');
    expect(outputs.awsAppsyncAdditionalAuthenticationTypes.Value).toBe('API_KEY,AWS_IAM');
    expect(JSON.parse(String(outputs.groups.Value))).toEqual([{ ADMINS: { precedence: 0 } }, { RESPONDERS: { precedence: 1 } }]);
  });
});
