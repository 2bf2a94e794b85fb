import { JsonServiceError } from '../../edge';
import type { LocalCognitoService } from '../../cognito';
import { ConsoleError } from '../errors';
import { requiredString, type ConsoleEndpoint } from './index';

/**
 * `POST /user-pools/{userPoolId}/tokens` `{ username, clientId? }`: tokens for a user as their
 * sign-in would get them, without their password, so the console can call an API as that
 * user (Data's auth-mode picker). No AWS API issues tokens without the user's credentials.
 */
export const userTokens: ConsoleEndpoint = {
  method: 'POST',
  path: /^\/user-pools\/(?<userPoolId>[^/]+)\/tokens$/,
  async handle({ host, params, json }) {
    const cognito = host.services().find<LocalCognitoService>('cognito');
    if (!cognito) throw ConsoleError.serviceNotRunning('cognito');
    const body = await json();
    const username = requiredString(body, 'username');
    const clientId = body.clientId === undefined ? undefined : requiredString(body, 'clientId');
    try {
      const result = await cognito.issueTokensFor(params.userPoolId, username, clientId);
      return { idToken: result.IdToken, accessToken: result.AccessToken, expiresIn: result.ExpiresIn };
    } catch (error) {
      // Cognito's own errors (unknown user, disabled, unconfirmed) pass through with their type.
      if (error instanceof JsonServiceError) throw new ConsoleError(error.type, error.message, error.statusCode);
      throw error;
    }
  },
};
