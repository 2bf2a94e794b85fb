/**
 * The API Gateway part of the client adapter: lets the unmodified aws-amplify v6 REST API client
 * (`aws-amplify/api` get/post/put/del…), `fetch` and XHR-based libraries reach the local cloud's
 * HTTP and REST APIs from Node and from browsers.
 *
 * Why it is needed: the assembly evaluates an API's URL the way CloudFormation does,
 * `https://<apiId>.execute-api.<region>.amazonaws.com/<stage>/`, and the app reads it from
 * amplify_outputs.json (`backend.addOutput({ custom: { API: … } })`) unchanged, so the same code
 * runs on AWS. That host does not exist locally.
 *
 * What it does: at the transport (global `fetch`, and `XMLHttpRequest` where it exists) it
 * rewrites requests for the local cloud's APIs — the ids `custom.local.apiGatewayIds` lists, and
 * nothing else — to the edge, path style:
 * `https://<apiId>.execute-api.us-east-1.amazonaws.com/dev/items?x=1` →
 * `http://127.0.0.1:4566/_aws/execute-api/<apiId>/dev/items?x=1`.
 *
 * Why path style: Node's fetch (and the SDK) resolve names through the system resolver, which
 * does not map `<apiId>.execute-api.localhost` to loopback here (browsers do); the path form needs
 * no DNS at all and works the same in both. The edge also answers host style for browsers and
 * curl. A request the client signed with SigV4 (IAM routes) is verified against the AWS host it
 * was signed for, as the local S3 does for the storage client.
 */
import { localSettings } from './settings';
import { awsHttpsUrl, installRewrite } from './transport';

export interface LocalApiSettings {
  /** The local edge, e.g. `http://127.0.0.1:4566`. */
  endpoint: string;
  /** The API ids of the local backend: only requests for these are rewritten. */
  apiIds: readonly string[];
}

/** The local API settings of amplify_outputs.json, or undefined for a real AWS backend. */
export function localApiSettings(outputs: unknown): LocalApiSettings | undefined {
  const local = localSettings(outputs) as { endpoint: string; apiGatewayIds?: unknown } | undefined;
  if (!local) return undefined;
  const ids = Array.isArray(local.apiGatewayIds) ? local.apiGatewayIds.filter((id): id is string => typeof id === 'string') : [];
  return { endpoint: local.endpoint, apiIds: ids };
}

const EXECUTE_API_HOST = /^([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/;

/**
 * The local form of an API's URL, or the URL unchanged when it is not one of the local APIs.
 * @example
 * localApiUrl('https://abc123defg.execute-api.us-east-1.amazonaws.com/dev/items?x=1', settings);
 * // 'http://127.0.0.1:4566/_aws/execute-api/abc123defg/dev/items?x=1'
 */
export function localApiUrl(url: string | URL, settings: LocalApiSettings): string {
  const text = String(url);
  const parsed = awsHttpsUrl(text);
  const apiId = parsed && EXECUTE_API_HOST.exec(parsed.hostname)?.[1];
  if (!parsed || !apiId || !settings.apiIds.includes(apiId)) return text;
  return `${settings.endpoint.replace(/\/$/, '')}/_aws/execute-api/${apiId}${parsed.pathname}${parsed.search}`;
}

/**
 * Routes requests for the local backend's APIs to the local endpoint, by wrapping
 * `globalThis.fetch` and (in browsers) `globalThis.XMLHttpRequest`. Does nothing for outputs
 * that are not the local cloud's. Returns a function that restores both.
 * @example
 * Amplify.configure({ ...config, API: { ...config.API, REST: outputs.custom.API } });
 * installLocalApis(outputs);
 * await get({ apiName: 'myRestApi', path: 'items' }).response;
 */
export function installLocalApis(outputs: unknown): () => void {
  const settings = localApiSettings(outputs);
  if (!settings || settings.apiIds.length === 0) return () => {};
  return installRewrite((url) => localApiUrl(url, settings));
}
