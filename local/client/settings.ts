import type { parseAmplifyConfig } from 'aws-amplify/utils';

/** What `custom.local` in amplify_outputs.json says about the local cloud. */
export interface LocalCustomOutputs {
  endpoint: string;
  region: string;
  /** The ids of the local backend's API Gateway APIs (whose AWS URLs api.ts sends to the edge). */
  apiGatewayIds?: string[];
}

export type Outputs = Parameters<typeof parseAmplifyConfig>[0] & { custom?: { local?: LocalCustomOutputs } };

/** The local cloud's settings in amplify_outputs.json, or undefined for a real AWS backend. */
export function localSettings(outputs: unknown): LocalCustomOutputs | undefined {
  return (outputs as Outputs | undefined)?.custom?.local;
}
