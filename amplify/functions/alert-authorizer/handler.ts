import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult } from 'aws-lambda';
import { acceptsToken, integrationSecretName, parseTokenSecret, presentedToken, type TokenSecret } from '../../domain/integration-token';

const secrets = new SecretsManagerClient();

/** How long a fetched secret is trusted for tokens that match it. */
const CACHE_MS = 30_000;

interface CachedSecrets {
  current?: TokenSecret;
  previous?: TokenSecret;
  fetchedAt: number;
}
// Per warm instance, as Lambda keeps it; bounded by the number of integrations.
const cache = new Map<string, CachedSecrets>();
/** Fetches under way, so that concurrent refusals of one integration share one GetSecretValue pair. */
const fetching = new Map<string, Promise<CachedSecrets>>();

/**
 * POST /alerts/{integrationId}: authorized when the request carries the integration's token.
 * A token that matches the cached secrets is accepted without a call; one that does not is
 * checked once more against fresh secrets, so a token rotated a moment ago works at once (a
 * refused request costs one GetSecretValue pair; the HTTP API's throttling bounds them).
 */
export const handler = async (event: APIGatewayRequestAuthorizerEventV2): Promise<APIGatewaySimpleAuthorizerResult> => {
  const integrationId = event.pathParameters?.integrationId ?? '';
  const token = presentedToken(event.headers?.authorization ?? event.headers?.Authorization);
  if (!token || !/^[A-Za-z0-9-]{1,64}$/.test(integrationId)) return { isAuthorized: false };
  const now = Date.now();
  const known = cache.get(integrationId);
  if (known && now - known.fetchedAt <= CACHE_MS && acceptsToken(token, { ...known, now: new Date(now) })) return { isAuthorized: true };
  const fresh = await fetchSecrets(integrationId);
  return { isAuthorized: acceptsToken(token, { ...fresh, now: new Date(now) }) };
};

function fetchSecrets(integrationId: string): Promise<CachedSecrets> {
  let pending = fetching.get(integrationId);
  if (!pending) {
    pending = fetchBothStages(integrationId).finally(() => fetching.delete(integrationId));
    fetching.set(integrationId, pending);
  }
  return pending;
}

async function fetchBothStages(integrationId: string): Promise<CachedSecrets> {
  const [current, previous] = await Promise.all([stage(integrationId, 'AWSCURRENT'), stage(integrationId, 'AWSPREVIOUS')]);
  const fetched = { current, previous, fetchedAt: Date.now() };
  cache.set(integrationId, fetched);
  return fetched;
}

/** The token at a version stage, or undefined when the secret (or that stage) does not exist. */
async function stage(integrationId: string, VersionStage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<TokenSecret | undefined> {
  try {
    const value = await secrets.send(new GetSecretValueCommand({ SecretId: integrationSecretName(integrationId), VersionStage }));
    return parseTokenSecret(value.SecretString);
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}
