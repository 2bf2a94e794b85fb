/**
 * Local API Gateway (issue 16): the time a webhook-shaped request takes through the gateway,
 * against the issue's "webhook 202 p50 ≤ 5 ms" (which the app's webhook will add its own
 * authorizer and SQS send to; this is the gateway's floor). On the fixture backend
 * (tests/fixtures/apigateway, synthesized by the tests' global setup or `npm test`), with
 * fetch over loopback keep-alive:
 *  - HTTP API, Lambda proxy 2.0: POST /webhook → the function's 202;
 *  - HTTP API, a Lambda authorizer whose answer is cached, then the function;
 *  - REST API, Lambda proxy: POST /dev/webhook → 202;
 *  - REST API, MOCK integration with mapping templates (no function: the gateway alone).
 * Three rounds of 300 requests after 50 warm-ups; prints p50/p95/p99 per round.
 */
import path from 'node:path';
import { Reporter, startLocalCloud } from '../local';
import { defaultServices } from '../local/services';
import { report, sample } from './stats';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const FIXTURE = path.resolve('tests/fixtures/apigateway');
const SERVICES = ['iam', 'ssm', 'lambda', 'apigateway', 'cognito', 'cognito-identity'];

const cloud = await startLocalCloud({
  projectDir: FIXTURE, port: 0, inMemory: true, synth: true, outputsFile: false,
  services: defaultServices().filter((service) => SERVICES.includes(service.name)),
  reporter: new Reporter({ level: 'error' }),
});
const idOf = (type: string, prefix: string) => cloud.assembly.ofType(type).find((resource) => resource.logicalId.startsWith(prefix))!.ref();
const http = `${cloud.endpoint}/_aws/execute-api/${idOf('AWS::ApiGatewayV2::Api', 'HttpApi')}`;
const rest = `${cloud.endpoint}/_aws/execute-api/${idOf('AWS::ApiGateway::RestApi', 'RestApi')}`;
const body = JSON.stringify({ receiver: 'flare', status: 'firing', alerts: [{ labels: { alertname: 'HighLatency', service: 'api' }, fingerprint: 'abc123' }] });

async function expectStatus(url: string, init: RequestInit, status: number): Promise<void> {
  const response = await fetch(url, init);
  await response.arrayBuffer();
  if (response.status !== status) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}, expected ${status}`);
}

const cases: [string, () => Promise<void>][] = [
  ['HTTP API POST /webhook (Lambda proxy 2.0, 202)', () => expectStatus(`${http}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, 202)],
  ['HTTP API GET /simple-auth (cached authorizer)', () => expectStatus(`${http}/simple-auth`, { headers: { authorization: 'allow' } }, 200)],
  ['REST API POST /dev/webhook (Lambda proxy, 202)', () => expectStatus(`${rest}/dev/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, 202)],
  ['REST API GET /dev/mock/x (MOCK, templates)', () => expectStatus(`${rest}/dev/mock/x?q=1`, {}, 200)],
];
for (let round = 1; round <= 3; round++) {
  for (const [label, run] of cases) report(`${label} #${round}`, await sample(300, run), label.includes('webhook') ? '≤ 5 ms p50, whole webhook' : undefined);
}
await cloud.stop();
