import { InvokeCommand, LambdaClient, ListFunctionsCommand, ListTagsCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FRIENDLY_NAME_TAG } from '../lambda/function-config';
import { runningCloudEndpoint } from '../outputs/running-cloud';
import { CliError, usageError } from './errors';
import type { Command } from './main';
import { resolveProject } from './project';

function readEvent(source: string | undefined): string {
  if (source === undefined) return '{}';
  const text = source === '-' ? readFileSync(0, 'utf8') : readFileSync(source, 'utf8');
  try {
    JSON.parse(text);
  } catch (error) {
    throw usageError(`${source === '-' ? 'stdin' : source} is not JSON: ${(error as Error).message}`);
  }
  return text;
}

async function listFunctions(client: LambdaClient): Promise<FunctionConfiguration[]> {
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
async function resolveFunction(client: LambdaClient, reference: string, endpoint: string): Promise<string> {
  const functions = await listFunctions(client);
  const exact = functions.find((f) => f.FunctionName === reference || f.FunctionArn === reference);
  if (exact) return exact.FunctionName!;
  const tagged = await Promise.all(
    functions.map(async (f) => ({ name: f.FunctionName!, tags: (await client.send(new ListTagsCommand({ Resource: f.FunctionArn! }))).Tags ?? {} })),
  );
  const matches = tagged.filter((f) => f.tags[FRIENDLY_NAME_TAG] === reference);
  if (matches.length === 1) return matches[0].name;
  if (matches.length > 1) {
    throw usageError(`${matches.length} functions are called ${reference}: ${matches.map((m) => m.name).join(', ')}; give the function's name instead`);
  }
  const friendly = [...new Set(tagged.map((f) => f.tags[FRIENDLY_NAME_TAG]).filter(Boolean))].sort();
  throw new CliError(`No function ${reference} in the local cloud at ${endpoint}`, `The functions are: ${friendly.join(', ') || functions.map((f) => f.FunctionName).join(', ') || 'none'}.`, 2);
}

export const invoke: Command = {
  summary: "invoke a function of the running local cloud now, print its log tail and result",
  usage: '<function> [--event <file|->] [--async] [--port <n> | --endpoint <url>]\n  <function>: its friendly name (defineFunction name), name or ARN; the event defaults to {}\n  the cloud: --endpoint, --port, FLARE_PORT, then amplify_outputs.json (custom.local.endpoint)',
  options: { event: { type: 'string' }, async: { type: 'boolean', default: false }, port: { type: 'string' }, endpoint: { type: 'string' } },
  async run({ values, positionals, reporter }) {
    const [wanted, ...rest] = positionals;
    if (!wanted || rest.length > 0) throw usageError('usage: flare-local invoke <function> [--event file.json] [--async] [--port <n> | --endpoint <url>]');
    const log = reporter.for('invoke');
    let found: ReturnType<typeof runningCloudEndpoint>;
    try {
      found = runningCloudEndpoint(resolveProjectDir(values.project), { endpoint: values.endpoint as string | undefined, port: values.port as string | undefined });
    } catch (error) {
      throw usageError((error as Error).message);
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
    const isAsync = values.async === true;
    try {
      const event = readEvent(values.event as string | undefined);
      const name = await resolveFunction(client, wanted, endpoint);
      const started = performance.now();
      const result = await client.send(
        new InvokeCommand({ FunctionName: name, Payload: Buffer.from(event), InvocationType: isAsync ? 'Event' : 'RequestResponse', LogType: isAsync ? 'None' : 'Tail' }),
      );
      const elapsed = performance.now() - started;
      if (result.LogResult) process.stderr.write(Buffer.from(result.LogResult, 'base64').toString('utf8'));
      if (isAsync) {
        log.done(`${wanted}: accepted (${result.StatusCode}), request ${result.$metadata.requestId}; it runs in the local cloud`);
        return 0;
      }
      const payload = result.Payload ? Buffer.from(result.Payload).toString('utf8') : '';
      let shown = payload;
      try {
        shown = JSON.stringify(JSON.parse(payload), null, 2);
      } catch {
        // Not JSON (a Lambda result always is, but print what came).
      }
      process.stdout.write(`${shown}\n`);
      if (result.FunctionError) {
        log.error(`${wanted} failed (${result.FunctionError}) in ${elapsed.toFixed(0)} ms, request ${result.$metadata.requestId}`);
        return 1;
      }
      log.done(`${wanted} returned in ${elapsed.toFixed(0)} ms, request ${result.$metadata.requestId}`);
      return 0;
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
      if (code === 'ECONNREFUSED') {
        throw new CliError(`No local cloud answers at ${endpoint} (from ${found.source})`, 'Start it with `flare-local` in the project (or pass --port / --endpoint).');
      }
      throw error;
    }
  },
};

/** The project directory for finding amplify_outputs.json (a missing backend is no error here). */
function resolveProjectDir(project: unknown): string {
  try {
    return resolveProject(project as string | undefined);
  } catch {
    return path.resolve((project as string | undefined) ?? process.cwd());
  }
}
