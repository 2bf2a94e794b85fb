import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult } from 'aws-lambda';
import { acceptsToken, integrationSecretName, parseTokenSecret, presentedToken, type TokenSecret } from '../../domain/integration-token';

const secrets = new SecretsManagerClient();

/** How long a fetched secret is trusted: a rotation reaches a warm authorizer within this. */
const CACHE_MS = 30_000;
/** A token that matches nothing cached refetches, at most this often per integration (a new token works at once). */
const REFETCH_AFTER_MS = 2_000;

interface CachedSecrets {
  current?: TokenSecret;
  previous?: TokenSecret;
  fetchedAt: number;
}
// Per warm instance, as Lambda keeps it; bounded by the number of integrations.
const cache = new Map<string, CachedSecrets>();

/** POST /alerts/{integrationId}: authorized when the request carries the integration's token. */
export const handler = async (event: APIGatewayRequestAuthorizerEventV2): Promise<APIGatewaySimpleAuthorizerResult> => {
  const integrationId = event.pathParameters?.integrationId ?? '';
  const token = presentedToken(event.headers?.authorization ?? event.headers?.Authorization);
  if (!token || !/^[A-Za-z0-9-]{1,64}$/.test(integrationId)) return { isAuthorized: false };
  const now = Date.now();
  let known = cache.get(integrationId);
  if (!known || now - known.fetchedAt > CACHE_MS) known = await fetchSecrets(integrationId, now);
  if (acceptsToken(token, { ...known, now: new Date(now) })) return { isAuthorized: true };
  if (now - known.fetchedAt > REFETCH_AFTER_MS) {
    known = await fetchSecrets(integrationId, now);
    return { isAuthorized: acceptsToken(token, { ...known, now: new Date(now) }) };
  }
  return { isAuthorized: false };
};

async function fetchSecrets(integrationId: string, now: number): Promise<CachedSecrets> {
  const [current, previous] = await Promise.all([stage(integrationId, 'AWSCURRENT'), stage(integrationId, 'AWSPREVIOUS')]);
  const fetched = { current, previous, fetchedAt: now };
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
