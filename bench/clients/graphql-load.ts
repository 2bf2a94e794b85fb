/**
 * Child process of bench/appsync.bench.ts: N concurrent GraphQL clients, each sending one
 * request after another over its own keep-alive connection (node:http, the lightest client
 * Node has), so that the server's figure is not capped by clients sharing its core.
 * argv: <url> <headersJson> <body> <clients> <warmupMs> <durationMs>
 * stdout: "measuring" when the warm-up ends, then one JSON line
 * { requests, seconds, clientCpuMs, errors } when the measured window ends; then exits.
 */
import http from 'node:http';

const [urlArg, headersArg, body, clientsArg, warmupArg, durationArg] = process.argv.slice(2);
const url = new URL(urlArg);
const headers = { ...(JSON.parse(headersArg) as Record<string, string>), 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
const clients = Number(clientsArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
let errors = 0;

function post(): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        // Every answer is read whole and checked: an error would make the figure meaningless.
        const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { errors?: unknown };
        if (response.statusCode !== 200 || json.errors) errors++;
        resolve();
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function run(ms: number): Promise<number> {
  let done = 0;
  const until = performance.now() + ms;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < until) {
      await post();
      done++;
    }
  }));
  return done;
}

await run(Number(warmupArg));
process.stdout.write('measuring\n');
const cpu = process.cpuUsage();
const started = performance.now();
const requests = await run(Number(durationArg));
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
agent.destroy();
process.stdout.write(`${JSON.stringify({ requests, seconds, clientCpuMs: (used.user + used.system) / 1000, errors })}\n`, () => process.exit(0));
