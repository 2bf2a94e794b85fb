/**
 * The one small client adapter (DESIGN.md, principle 2): lets the unmodified aws-amplify
 * v6 client talk to the local cloud, in browsers and in Node. It acts only when
 * amplify_outputs.json carries `custom.local` (written by the local cloud), so the same
 * app build runs on AWS unchanged.
 *
 * - Cognito: the user-pool and identity-pool endpoints are set in the Amplify
 *   configuration (aws-amplify reads them; outputs have no key for them).
 * - Real-time: aws-amplify forces `wss://` for AppSync real-time; the local endpoint is
 *   plain http on loopback, so WebSocket URLs for that endpoint are opened as `ws://`.
 * - Storage (storage.ts) and API Gateway (api.ts): the clients only speak https to AWS's
 *   hosts (`<bucket>.s3.<region>.amazonaws.com`, `<api>.execute-api.<region>.amazonaws.com`);
 *   requests for the local buckets and APIs go to the local endpoint at the transport.
 */
import type { ResourcesConfig } from 'aws-amplify';
import { amplifyConfig } from './config';
import { localSettings } from './settings';
import { installLocalApis } from './api';
import { installLocalStorage } from './storage';
import { installLocalWebSocket, type WebSocketClass } from './websocket';

export interface WithLocalCloudOptions {
  /**
   * The WebSocket class for real-time when there is no global one (Node 20: pass the `ws`
   * package's). Without any, subscriptions are not reachable, and a warning says so.
   */
  WebSocket?: WebSocketClass;
}

/**
 * The configuration to give `Amplify.configure`: the outputs themselves for AWS, and for
 * the local cloud's outputs (`custom.local`) the same configuration with the local Cognito
 * endpoints, after routing real-time, storage and API Gateway requests to the local endpoint.
 * @example
 * import outputs from '../amplify_outputs.json';
 * import { withLocalCloud } from 'flare-local/client';
 * Amplify.configure(withLocalCloud(outputs));
 */
export function withLocalCloud<T extends object>(outputs: T, options: WithLocalCloudOptions = {}): T | ResourcesConfig {
  const local = localSettings(outputs);
  if (!local) return outputs;
  const WebSocketClass = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketClass }).WebSocket;
  if (WebSocketClass) installLocalWebSocket(local.endpoint, WebSocketClass);
  else console.warn('flare-local: no WebSocket class (Node 20 has none): pass withLocalCloud(outputs, { WebSocket }) from the `ws` package for subscriptions');
  installLocalStorage(outputs);
  installLocalApis(outputs);
  return amplifyConfig(outputs);
}

export { amplifyConfig } from './config';
export { installLocalApis, localApiSettings, localApiUrl, type LocalApiSettings } from './api';
export { localSettings, type LocalCustomOutputs } from './settings';
export { installLocalStorage, localStorageFetch, localStorageSettings, localStorageUrl, localStorageXhr, type LocalStorageSettings } from './storage';
export { installLocalWebSocket, localWebSocketUrl, type WebSocketClass } from './websocket';
