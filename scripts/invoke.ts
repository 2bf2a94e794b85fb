/**
 * `npm run invoke -- <function> [--event file.json]`: fires a function of a running local
 * cloud now, through Lambda's Invoke API on the edge, and prints its result.
 *
 *   <function>          a friendly name (`escalate`, Amplify's `amplify:friendly-name`), the
 *                       function's name, or its ARN
 *   --event <file|->    the event as JSON (a file, or - for stdin); default {}
 *   --async             invoke with InvocationType Event (the way schedules do); prints 202
 *   --port <n>          the edge port
 *   --endpoint <url>    the edge URL (overrides --port)
 *
 * Without --port or --endpoint it reaches the cloud on FLARE_PORT if set, else the one
 * amplify_outputs.json names (`custom.local.endpoint`, as the app does), else port 4566; it says
 * which it used.
 *
 * The function's log tail goes to stderr, its result to stdout; the exit status is 1 when
 * the function failed.
 */
import { InvokeCommand, LambdaClient, ListFunctionsCommand, ListTagsCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runningCloudEndpoint } from '../local/outputs/running-cloud';
import { Reporter } from '../local/reporter';

const FRIENDLY_NAME_TAG = 'amplify:friendly-name';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    event: { type: 'string' },
    async: { type: 'boolean', default: false },
    port: { type: 'string' },
    endpoint: { type: 'string' },
  },
});
const log = new Reporter().for('invoke');
const [wanted] = positionals;
if (!wanted) {
  log.error('usage: npm run invoke -- <function> [--event file.json] [--async] [--port <n> | --endpoint <url>]');
  process.exit(2);
}
let found: ReturnType<typeof runningCloudEndpoint>;
try {
  found = runningCloudEndpoint(process.cwd(), { endpoint: values.endpoint, port: values.port });
} catch (error) {
  log.error((error as Error).message);
  process.exit(2);
}
const { endpoint } = found;
log.info(`local cloud at ${endpoint} (from ${found.source})`);
const client = new LambdaClient({
  endpoint,
  region: 'us-east-1',
  credentials: {
    accessKeyId: process.env.FLARE_ROOT_ACCESS_KEY_ID ?? found.rootCredentials?.accessKeyId ?? 'test',
    secretAccessKey: process.env.FLARE_ROOT_SECRET_ACCESS_KEY ?? found.rootCredentials?.secretAccessKey ?? 'test',
  },
  maxAttempts: 1,
});

function readEvent(): string {
  if (values.event === undefined) return '{}';
  const text = values.event === '-' ? readFileSync(0, 'utf8') : readFileSync(values.event, 'utf8');
  try {
    JSON.parse(text);
  } catch (error) {
    log.error(`${values.event === '-' ? 'stdin' : values.event} is not JSON: ${(error as Error).message}`);
    process.exit(2);
  }
  return text;
}

async function listFunctions(): Promise<FunctionConfiguration[]> {
  const functions: FunctionConfiguration[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(new ListFunctionsCommand({ Marker: marker }));
    functions.push(...(page.Functions ?? []));
    marker = page.NextMarker ?? undefined;
  } while (marker);
  return functions;
}

/** The function's name: given as such or as an ARN, else found by its friendly name. */
async function resolveFunction(reference: string): Promise<string> {
  const functions = await listFunctions();
  const exact = functions.find((f) => f.FunctionName === reference || f.FunctionArn === reference);
  if (exact) return exact.FunctionName!;
  const tagged = await Promise.all(
    functions.map(async (f) => ({ name: f.FunctionName!, tags: (await client.send(new ListTagsCommand({ Resource: f.FunctionArn! }))).Tags ?? {} })),
  );
  const matches = tagged.filter((f) => f.tags[FRIENDLY_NAME_TAG] === reference);
  if (matches.length === 1) return matches[0].name;
  if (matches.length > 1) {
    log.error(`${matches.length} functions are called ${reference}: ${matches.map((m) => m.name).join(', ')}; give the function's name instead`);
    process.exit(2);
  }
  const friendly = [...new Set(tagged.map((f) => f.tags[FRIENDLY_NAME_TAG]).filter(Boolean))].sort();
  log.error(`no function ${reference} in the local cloud at ${endpoint}`);
  log.info(`functions: ${friendly.join(', ') || functions.map((f) => f.FunctionName).join(', ')}`);
  process.exit(2);
}

try {
  const event = readEvent();
  const name = await resolveFunction(wanted);
  const started = performance.now();
  const result = await client.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(event), InvocationType: values.async ? 'Event' : 'RequestResponse', LogType: values.async ? 'None' : 'Tail' }),
  );
  const elapsed = performance.now() - started;
  if (result.LogResult) process.stderr.write(Buffer.from(result.LogResult, 'base64').toString('utf8'));
  if (values.async) {
    log.done(`${wanted}: accepted (${result.StatusCode}), request ${result.$metadata.requestId}; it runs in the local cloud`);
    process.exit(0);
  }
  const payload = result.Payload ? Buffer.from(result.Payload).toString('utf8') : '';
  let shown = payload;
  try {
    shown = JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    // Not JSON (cannot happen for a Lambda result, but print what came).
  }
  process.stdout.write(`${shown}\n`);
  if (result.FunctionError) {
    log.error(`${wanted} failed (${result.FunctionError}) in ${elapsed.toFixed(0)} ms, request ${result.$metadata.requestId}`);
    process.exit(1);
  }
  log.done(`${wanted} returned in ${elapsed.toFixed(0)} ms, request ${result.$metadata.requestId}`);
} catch (error) {
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (code === 'ECONNREFUSED') {
    log.error(`no local cloud answers at ${endpoint} (from ${found.source}): start it with \`npm run local\` (or pass --port / --endpoint)`);
    process.exit(1);
  }
  log.error(`${(error as Error).name}: ${(error as Error).message}`);
  process.exit(1);
}
