import type { Session } from './session';

/**
 * Settings for an AWS SDK v3 client on the local edge with the root's credentials: the
 * console calls each service's own API, as any tool would. No retries, so what the edge
 * answered is what the page shows.
 * @example
 * const dynamodb = new DynamoDBClient(awsConfig(session));
 */
export function awsConfig(session: Session) {
  return { endpoint: session.endpoint, region: session.region, credentials: session.credentials, maxAttempts: 1 };
}

/** An SDK error as the page shows it: `Type: message`. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.name && !error.message.startsWith(error.name) && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
