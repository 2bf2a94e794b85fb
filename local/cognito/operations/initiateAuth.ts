import { randomBytes } from 'node:crypto';
import { checkPassword, completeSignIn, gateSignIn, INCORRECT, noSuchUser, preAuthentication, refreshSession, requireFlow } from '../authentication';
import type { CognitoOperation, OperationCall } from '../context';
import { InvalidParameterException, NotAuthorizedException, NotImplementedLocallyException } from '../errors';
import { requireEnum, requireParameter, stringMap } from '../input';
import type { UserPoolClientConfig } from '../pool-config';
import { parseClientPublic, startExchange } from '../srp';
import type { UserPool } from '../user-pool';

const FLOWS = ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH'] as const;

/**
 * InitiateAuth: USER_SRP_AUTH (answers a PASSWORD_VERIFIER challenge), USER_PASSWORD_AUTH
 * when the client allows it, and REFRESH_TOKEN_AUTH / REFRESH_TOKEN.
 */
export const initiateAuth: CognitoOperation = async (input, call) => {
  const { pool, client } = call.client(input);
  const flow = requireEnum(input, 'AuthFlow', FLOWS);
  const parameters = stringMap(input, 'AuthParameters');
  const clientMetadata = stringMap(input, 'ClientMetadata');
  switch (flow) {
    case 'USER_SRP_AUTH':
      requireFlow(client, 'USER_SRP_AUTH');
      return startSrp(call, pool, client, parameters, clientMetadata);
    case 'USER_PASSWORD_AUTH':
      requireFlow(client, 'USER_PASSWORD_AUTH');
      return passwordAuth(call, pool, client, parameters, clientMetadata);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      requireFlow(client, 'REFRESH_TOKEN_AUTH');
      const refreshToken = requireParameter(parameters, 'REFRESH_TOKEN');
      return { ChallengeParameters: {}, AuthenticationResult: await refreshSession(call, pool, client, refreshToken, clientMetadata) };
    }
    case 'CUSTOM_AUTH':
      requireFlow(client, 'CUSTOM_AUTH');
      if (!pool.config.triggers.DefineAuthChallenge) throw new InvalidParameterException('Custom auth lambda trigger is not configured for the user pool.');
      throw new NotImplementedLocallyException('CUSTOM_AUTH (custom authentication challenges)');
    case 'USER_AUTH':
      requireFlow(client, 'USER_AUTH');
      throw new NotImplementedLocallyException('USER_AUTH (choice-based authentication)');
    default:
      // ADMIN_* flows belong to AdminInitiateAuth.
      throw new InvalidParameterException(`Initiate Auth method not supported.`);
  }
};

type AuthParameters = Record<string, string> | undefined;

async function startSrp(call: OperationCall, pool: UserPool, client: UserPoolClientConfig, parameters: AuthParameters, clientMetadata?: Record<string, string>) {
  const name = requireParameter(parameters, 'USERNAME');
  const srpA = requireParameter(parameters, 'SRP_A');
  const A = parseClientPublic(srpA);
  if (A === undefined) throw new InvalidParameterException('SRP_A is not a valid SRP public value');
  call.checkSecretHash(client, name, parameters?.SECRET_HASH);
  const user = pool.store.find(name);
  const expiresAt = call.now() + client.authSessionValiditySeconds * 1000;
  if (!user) {
    if (!client.preventUserExistenceErrors) throw noSuchUser(client);
    // A decoy challenge that looks like a real user's (a stable salt, an id of the pool's kind);
    // its answer fails like a wrong password, so nothing tells whether the user exists.
    const decoy = pool.decoyIdentity(name);
    const server = startExchange(randomBytes(384).toString('hex'));
    const handle = call.cognito.challenges.open({ kind: 'PASSWORD_VERIFIER', userPoolId: pool.id, clientId: client.id, requested: name, A, server, expiresAt });
    return challenge(decoy.salt, server.B, handle, decoy.userId);
  }
  gateSignIn(pool, user);
  await preAuthentication(call, pool, client, user, clientMetadata);
  if (!user.password) throw new NotAuthorizedException(INCORRECT);
  const server = startExchange(user.password.verifier);
  const handle = call.cognito.challenges.open({ kind: 'PASSWORD_VERIFIER', userPoolId: pool.id, clientId: client.id, username: user.username, requested: name, A, server, expiresAt });
  return challenge(user.password.salt, server.B, handle, user.username);
}

function challenge(salt: string, B: string, secretBlock: string, username: string) {
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: { SALT: salt, SECRET_BLOCK: secretBlock, SRP_B: B, USERNAME: username, USER_ID_FOR_SRP: username },
  };
}

async function passwordAuth(call: OperationCall, pool: UserPool, client: UserPoolClientConfig, parameters: AuthParameters, clientMetadata?: Record<string, string>) {
  const name = requireParameter(parameters, 'USERNAME');
  const password = requireParameter(parameters, 'PASSWORD');
  call.checkSecretHash(client, name, parameters?.SECRET_HASH);
  const user = pool.store.find(name);
  if (!user) {
    if (pool.config.triggers.UserMigration) throw new NotImplementedLocallyException('The UserMigration trigger');
    throw noSuchUser(client);
  }
  gateSignIn(pool, user);
  await preAuthentication(call, pool, client, user, clientMetadata);
  checkPassword(pool, user, password);
  return completeSignIn(call, pool, client, user, clientMetadata);
}
