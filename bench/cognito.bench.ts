/**
 * Local Cognito user pools, on Flare's synthesized pool:
 *   - SRP sign-in round trip, both calls (InitiateAuth + RespondToAuthChallenge) over HTTP with
 *     the AWS SDK and a client doing its SRP math with OpenSSL (target p50 ≤ 100 ms), and the
 *     same with the real aws-amplify signIn (whose client math is pure JavaScript);
 *   - token verification with the pool's key loaded (`verifyToken`, target ≤ 0.2 ms), and
 *     GetUser (a user operation that checks the access token and its revocation).
 */
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, GetUserCommand, InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { Reporter, startLocalCloud } from '../local';
import { amplifyConfig } from '../local/client';
import { cognitoService, type LocalCognitoService } from '../local/cognito';
import { iamService } from '../local/iam';
import { SrpClient } from '../tests/helpers/srp-client';
import { report, sample, summarize } from './stats';

const cloud = await startLocalCloud({ projectDir: process.cwd(), port: 0, inMemory: true, outputsFile: false, synth: false, services: [iamService(), cognitoService()], reporter: new Reporter({ level: 'silent' }) });
const cognito = cloud.services.get<LocalCognitoService>('cognito');
const poolId = cloud.outputs.auth!.user_pool_id;
const clientId = cloud.outputs.auth!.user_pool_client_id;
// Default retries: a kept-alive socket the edge closed while idle is retried, as in any app.
const sdk = new CognitoIdentityProviderClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const email = 'bench@example.com';
const password = 'Bench-Pass-123';
await sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: email, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }] }));
await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: email, Password: password, Permanent: true }));

async function srpSignIn() {
  const srp = new SrpClient(poolId.split('_')[1]);
  const started = await sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: email, SRP_A: srp.A } }));
  const answered = await sdk.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(started.ChallengeParameters!, password) }));
  return answered.AuthenticationResult!;
}

console.log('SRP sign-in (InitiateAuth + RespondToAuthChallenge)');
report('  AWS SDK, BigInt client math', await sample(100, srpSignIn, 10), '≤ 100 ms');
// The client's share of that: its own SRP computation, without the server.
report('  of which the client SRP math', await sample(100, async () => {
  const srp = new SrpClient('x');
  srp.answer({ USER_ID_FOR_SRP: 'u', SRP_B: 'ab'.repeat(300), SALT: 'ff', SECRET_BLOCK: 'AAAA' }, password);
}, 10));

Amplify.configure(amplifyConfig(cloud.outputs));
const amplifySignIns: number[] = [];
for (let i = 0; i < 33; i++) {
  const start = performance.now();
  await signIn({ username: email, password });
  if (i >= 3) amplifySignIns.push(performance.now() - start);
  await signOut();
}
report('  aws-amplify signIn (JavaScript client math)', amplifySignIns);

console.log('token verification');
const tokens = await srpSignIn();
const expect = { userPoolId: poolId, clientIdRegex: `^${clientId}$` };
for (let i = 0; i < 2000; i++) await cognito.verifyToken(tokens.IdToken!, expect);
const batch = 500;
const perCall: number[] = [];
for (let b = 0; b < 200; b++) {
  const start = performance.now();
  for (let i = 0; i < batch; i++) await cognito.verifyToken(i % 2 ? tokens.IdToken! : tokens.AccessToken!, expect);
  perCall.push((performance.now() - start) / batch);
}
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`.padStart(9);
const { p50, p95, p99 } = summarize(perCall);
console.log(`${'  verifyToken, repeated tokens (id/access)'.padEnd(44)} p50 ${us(p50)}  p95 ${us(p95)}  p99 ${us(p99)}  (200×${batch} calls)  (target ≤ 0.2 ms)`);
// Tokens seen for the first time: decoded and RSA-verified (the pool's key stays loaded).
const fresh: string[] = [];
for (let i = 0; i < 150; i++) {
  const result = await srpSignIn();
  fresh.push(result.IdToken!, result.AccessToken!);
}
const firstSeen: number[] = [];
for (const token of fresh) {
  const start = performance.now();
  await cognito.verifyToken(token, expect);
  firstSeen.push(performance.now() - start);
}
const first = summarize(firstSeen);
console.log(`${'  verifyToken, first sight of a token'.padEnd(44)} p50 ${us(first.p50)}  p95 ${us(first.p95)}  p99 ${us(first.p99)}  n=${first.n}`);
report('  GetUser over HTTP (access token + revocation)', await sample(300, () => sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken })), 30));

await cloud.stop();
