import outputs from '@outputs';
import { localApiSettings, localApiUrl } from 'flare-local/client';

/**
 * The URLs of Flare's API Gateway APIs as people copy them (a tool's webhook setting, a feed
 * reader): from amplify_outputs.json, and against the local cloud its edge's path-style URL,
 * which curl and other machines' tools can reach (the AWS-shaped host exists only on AWS).
 */
function reachable(url: string): string {
  const local = localApiSettings(outputs);
  return local ? localApiUrl(url, local) : url;
}

interface ApiOutputs {
  alerts?: { webhookUrl?: string };
  API?: Record<string, { endpoint?: string }>;
}
const custom = () => ((outputs as { custom?: ApiOutputs } | null)?.custom ?? {}) as ApiOutputs;

/** Where a monitoring tool POSTs the integration's alerts. */
export function webhookUrl(integrationId: string): string {
  const base = custom().alerts?.webhookUrl;
  return base ? reachable(`${base}${integrationId}`) : '(the backend has no alert webhook: redeploy it)';
}

/** The public status as an Atom feed (GET /status/feed on the REST API), or undefined without that API. */
export function statusFeedUrl(): string | undefined {
  const endpoint = custom().API?.flareStatus?.endpoint;
  return endpoint ? reachable(`${endpoint.replace(/\/?$/, '/')}status/feed`) : undefined;
}
