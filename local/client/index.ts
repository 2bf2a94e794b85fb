/**
 * The one small client adapter (DESIGN.md, principle 2): lets the unmodified
 * aws-amplify v6 client talk to the local cloud. Used by the app and the tests
 * only when amplify_outputs.json carries `custom.local`.
 *
 * - Cognito: the user-pool and identity-pool endpoints are set in the Amplify
 *   configuration (aws-amplify reads them; outputs have no key for them).
 * - Real-time: aws-amplify forces `wss://` for AppSync real-time; the local
 *   endpoint is plain http on loopback, so WebSocket URLs for that endpoint are
 *   rewritten to `ws://`. Nothing else is touched.
 * - Storage (storage.ts) and API Gateway (api.ts): requests for the AWS URLs of the
 *   local buckets and APIs are sent to the local endpoint at the transport.
 */
import type { ResourcesConfig } from 'aws-amplify';
import { parseAmplifyConfig } from 'aws-amplify/utils';

export interface LocalCustomOutputs {
  endpoint: string;
  region: string;
  /** The ids of the local backend's API Gateway APIs (whose AWS URLs api.ts sends to the edge). */
  apiGatewayIds?: string[];
}

type Outputs = Parameters<typeof parseAmplifyConfig>[0] & { custom?: { local?: LocalCustomOutputs } };

/** The local cloud's settings in amplify_outputs.json, or undefined for a real AWS backend. */
export function localSettings(outputs: unknown): LocalCustomOutputs | undefined {
  return (outputs as Outputs | undefined)?.custom?.local;
}

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

type WebSocketClass = new (url: string | URL, protocols?: string | string[]) => object;

/** Rewrites a `wss://` URL aimed at the local endpoint to `ws://`; other URLs pass through. */
export function localWebSocketUrl(url: string | URL, endpoint: string): string {
  const target = new URL(String(url));
  const local = new URL(endpoint);
  if (target.protocol === 'wss:' && target.host === local.host && local.protocol === 'http:') target.protocol = 'ws:';
  return target.toString();
}

/**
 * Makes `globalThis.WebSocket` reach the local real-time endpoint over `ws://`.
 * In Node 20 (no global WebSocket) pass the `ws` package's class as `base`.
 * Returns a function that restores the previous global.
 */
export function installLocalWebSocket(endpoint: string, base?: WebSocketClass): () => void {
  const scope = globalThis as { WebSocket?: WebSocketClass };
  const previous = scope.WebSocket;
  const Base = base ?? previous;
  if (!Base) throw new Error('No WebSocket implementation: pass one (e.g. the `ws` package) to installLocalWebSocket');
  const LocalWebSocket = class extends (Base as new (url: string, protocols?: string | string[]) => object) {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(localWebSocketUrl(url, endpoint), protocols);
    }
  };
  // Keep the readyState constants aws-amplify compares against.
  for (const key of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const) {
    Object.defineProperty(LocalWebSocket, key, { value: (Base as unknown as Record<string, number>)[key] });
  }
  scope.WebSocket = LocalWebSocket as unknown as WebSocketClass;
  return () => {
    scope.WebSocket = previous;
  };
}
