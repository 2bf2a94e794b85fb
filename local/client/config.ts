import type { ResourcesConfig } from 'aws-amplify';
import { parseAmplifyConfig } from 'aws-amplify/utils';
import { localSettings, type Outputs } from './settings';

/**
 * Amplify's configuration for these outputs: unchanged for AWS, with the local
 * Cognito endpoints when the outputs are the local cloud's.
 * @example
 * Amplify.configure(amplifyConfig(outputs));
 */
export function amplifyConfig(outputs: unknown): ResourcesConfig {
  const config = parseAmplifyConfig(outputs as Outputs);
  const local = localSettings(outputs);
  if (!local || !config.Auth?.Cognito) return config;
  return {
    ...config,
    Auth: {
      ...config.Auth,
      Cognito: { ...config.Auth.Cognito, userPoolEndpoint: local.endpoint, identityPoolEndpoint: local.endpoint },
    },
  } as ResourcesConfig;
}
