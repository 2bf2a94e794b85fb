/**
 * The local Lambda runtime for Node.js functions: one function per process, one
 * invocation at a time, driven over IPC by the local Lambda service
 * (local/lambda/worker.ts). It mirrors what Lambda's Node.js runtime does inside the
 * execution environment: load `_HANDLER` from `LAMBDA_TASK_ROOT` at init, call the
 * handler with the event and a context object, serialize the result as JSON, and
 * report errors as `{ errorType, errorMessage, trace }`.
 *
 * Plain JavaScript on purpose: it starts with `node` alone (no TypeScript loader), so a
 * cold start costs one Node process and the function's own module load.
 *
 * Messages in:  { type: 'init', env, cwd } (standby runtimes only)
 *               { type: 'invoke', requestId, event, deadlineMs, invokedFunctionArn, clientContext?, identity?, traceId? }
 * Messages out: { type: 'ready', initMs } | { type: 'init-error', error }
 *               { type: 'result', requestId, payload } | { type: 'error', requestId, error, fatal? }
 *               { type: 'log', requestId?, level, message }
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { routeAwsHostsToEdge } from './aws-hosts.mjs';

let startedAt = performance.now();
const env = process.env;
/** Node 24 and later run the rewritten runtime client: its error names differ in places. */
let modernRuntime = false;

function configureRuntime() {
  const declaredRuntime = env.AWS_EXECUTION_ENV?.replace(/^AWS_Lambda_/, '') ?? '';
  modernRuntime = Number(/^nodejs(\d+)/.exec(declaredRuntime)?.[1] ?? 0) >= 24;
}

/** The invocation running now, if any (one at a time, as in Lambda). */
let current;

function send(message) {
  // The channel is gone once the service kills us; there is no one left to tell.
  if (process.connected) process.send(message);
}

/** The error as Lambda's Node.js runtime reports it to the caller. */
function formatError(error) {
  try {
    if (error instanceof Error || (error && typeof error.name === 'string' && typeof error.message === 'string' && typeof error.stack === 'string')) {
      return {
        errorType: String(error.name).replaceAll('\x7F', '%7F'),
        errorMessage: String(error.message).replaceAll('\x7F', '%7F'),
        trace: typeof error.stack === 'string' ? error.stack.replaceAll('\x7F', '%7F').split('\n') : [],
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}

function runtimeError(name, message, stack) {
  const error = new Error(message);
  error.name = name;
  if (stack !== undefined) error.stack = stack;
  return error;
}

// Console output becomes log records tagged with the invocation's request id, the way
// Lambda prefixes each line with a timestamp, the request id and the level.
const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
for (const [method, level] of Object.entries(levels)) {
  console[method] = (...args) => {
    const message = method === 'trace' ? `${format(...args)}\n${new Error().stack?.split('\n').slice(2).join('\n') ?? ''}` : format(...args);
    log(level, message);
  };
}

function log(level, message, requestId = current?.requestId) {
  send({ type: 'log', requestId, level, message });
}

// Writes straight to stdout/stderr are log lines too; through IPC they stay in order with
// the invocation's result (a pipe could deliver them after it).
const partialLines = new Map();
for (const [stream, level] of [[process.stdout, 'INFO'], [process.stderr, 'ERROR']]) {
  stream.write = (chunk, encoding, callback) => {
    const text = (partialLines.get(level) ?? '') + (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8'));
    const lines = text.split('\n');
    partialLines.set(level, lines.pop());
    for (const line of lines) log(level, line);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(done);
    return true;
  };
}

function flushPartialLines() {
  for (const [level, rest] of partialLines) {
    if (rest) log(level, rest);
    partialLines.set(level, '');
  }
}

// Failures outside the handler's promise end the runtime process, as they do in Lambda:
// the invocation reports the error and the next one starts cold.
process.on('uncaughtException', (error) => {
  console.error(describe('Uncaught Exception', formatError(error)));
  fail(error, 129);
});
process.on('unhandledRejection', (reason) => {
  const error = runtimeError('Runtime.UnhandledPromiseRejection', String(reason), undefined);
  error.stack = reason instanceof Error && reason.stack ? `${error.name}: ${error.message}\n${reason.stack.split('\n').slice(1).join('\n')}` : `${error.name}: ${error.message}`;
  console.error(describe('Unhandled Promise Rejection', formatError(error)));
  fail(error, 128);
});

function fail(error, exitCode) {
  if (current) {
    // `fatal`: this environment is going away, the service must not send it more work.
    send({ type: 'error', requestId: current.requestId, error: formatError(error), fatal: true });
    current = undefined;
  } else if (!handler) {
    send({ type: 'init-error', error: formatError(error) });
  }
  // Let the IPC message leave before the process goes.
  setImmediate(() => process.exit(exitCode));
}

/** `index.handler` → module `index` in the task root, export path `handler`. */
async function loadHandler() {
  const handlerString = env._HANDLER ?? '';
  const taskRoot = env.LAMBDA_TASK_ROOT ?? process.cwd();
  const base = path.basename(handlerString);
  const moduleRoot = handlerString.slice(0, handlerString.length - base.length);
  const match = /^([^.]*)\.(.*)$/.exec(base);
  if (!match) throw runtimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, moduleName, exportPath] = match;
  const withoutExtension = path.resolve(taskRoot, moduleRoot, moduleName);
  const file = ['', '.js', '.mjs', '.cjs'].map((ext) => withoutExtension + ext).find(isFile);
  if (!file) {
    throw runtimeError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'\nRequire stack:\n- ${new URL(import.meta.url).pathname}`);
  }
  let loaded;
  try {
    loaded = await import(pathToFileURL(file).href);
  } catch (error) {
    if (error instanceof SyntaxError) {
      const wrapped = runtimeError('Runtime.UserCodeSyntaxError', String(error), error.stack);
      throw wrapped;
    }
    if (error && (error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND')) {
      throw runtimeError('Runtime.ImportModuleError', String(error));
    }
    throw error;
  }
  const find = (root) => exportPath.split('.').reduce((value, key) => (value && (typeof value === 'object' || typeof value === 'function') ? value[key] : undefined), root);
  let found = find(loaded);
  if (!found && loaded && 'default' in loaded) found = find(loaded.default);
  if (!found) throw runtimeError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof found !== 'function') throw runtimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  if (modernRuntime && found.length >= 3) {
    throw runtimeError(
      'Runtime.CallbackHandlerDeprecated',
      'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
    );
  }
  return found;
}

function isFile(file) {
  return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
}

/** JSON text of the result, or the error Lambda reports when it cannot be serialized. */
function serialize(result) {
  try {
    return { payload: JSON.stringify(result === undefined ? null : result) };
  } catch {
    // Node 24's runtime names this error; earlier runtimes throw a plain Error.
    const error = modernRuntime
      ? runtimeError('Runtime.JSONStringifyError', 'Unable to stringify response body')
      : new Error('Unable to stringify response body');
    return { error: formatError(error) };
  }
}

let handler;

function respond(invocation, outcome) {
  if (current !== invocation) return; // already answered (or failed by a crash)
  flushPartialLines();
  current = undefined;
  if (outcome.error !== undefined) {
    reportError(invocation, formatError(outcome.error));
    return;
  }
  const serialized = serialize(outcome.result);
  if (serialized.error) {
    reportError(invocation, serialized.error);
    return;
  }
  send({ type: 'result', requestId: invocation.requestId, payload: serialized.payload });
}

/** Logs the error as the runtime's "Invoke Error" line, then reports it. */
function reportError(invocation, error) {
  log('ERROR', describe('Invoke Error', error), invocation.requestId);
  send({ type: 'error', requestId: invocation.requestId, error });
}

function describe(label, error) {
  const trace = error.trace?.length ? `\n${error.trace.slice(1).join('\n')}` : '';
  return `${label}\t${error.errorType}: ${error.errorMessage}${trace}`;
}

function buildContext(invocation, callbackState) {
  const settle = (error, result) => {
    if (error !== undefined && error !== null) respond(invocation, { error });
    else respond(invocation, { result });
  };
  return {
    get callbackWaitsForEmptyEventLoop() {
      return callbackState.waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      callbackState.waitForEmptyEventLoop = value;
    },
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: invocation.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: invocation.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: invocation.identity,
    clientContext: invocation.clientContext,
    getRemainingTimeInMillis: () => Math.max(invocation.deadlineMs - Date.now(), 0),
    // The legacy completion methods Node.js runtimes up to 22 still offer.
    done: settle,
    succeed: (result) => settle(null, result),
    fail: (error) => settle(error ?? 'handled'),
  };
}

function invoke(invocation) {
  current = invocation;
  // Lambda's runtime sets the invocation's trace header in the environment, where the X-Ray SDK and
  // Powertools read it and the AWS SDK sends it on.
  if (invocation.traceId) env._X_AMZN_TRACE_ID = invocation.traceId;
  else delete env._X_AMZN_TRACE_ID;
  const callbackState = { waitForEmptyEventLoop: true };
  let event;
  try {
    event = JSON.parse(invocation.event);
  } catch (error) {
    respond(invocation, { error });
    return;
  }
  const context = buildContext(invocation, callbackState);
  const callback = (error, result) => {
    if (error !== undefined && error !== null) {
      respond(invocation, { error });
      return;
    }
    if (!callbackState.waitForEmptyEventLoop) {
      respond(invocation, { result });
      return;
    }
    // Lambda answers a callback handler once the event loop is empty. The IPC channel
    // would keep it busy forever, so stop counting it until then.
    process.channel?.unref();
    process.once('beforeExit', () => {
      process.channel?.ref();
      respond(invocation, { result });
    });
  };
  let returned;
  try {
    returned = handler(event, context, callback);
  } catch (error) {
    respond(invocation, { error });
    return;
  }
  if (returned && typeof returned.then === 'function') {
    returned.then((result) => respond(invocation, { result }), (error) => respond(invocation, { error }));
  } else if (handler.length < 3) {
    // A synchronous handler's return value is its result (as the Node.js 24 runtime awaits it).
    respond(invocation, { result: returned });
  }
}

process.on('message', (message) => {
  if (message?.type === 'invoke') invoke(message);
  else if (message?.type === 'init') adopt(message);
});
// The local cloud is gone (stopped or crashed): no environment outlives it.
process.on('disconnect', () => process.exit(0));

async function initialize() {
  configureRuntime();
  if (env.AWS_ENDPOINT_URL) routeAwsHostsToEdge(env.AWS_ENDPOINT_URL);
  try {
    handler = await loadHandler();
    send({ type: 'ready', initMs: performance.now() - startedAt });
  } catch (error) {
    const formatted = formatError(error);
    console.error(describe('Init Error', formatted));
    send({ type: 'init-error', error: formatted });
    setImmediate(() => process.exit(1));
  }
}

/**
 * A standby runtime (started ahead of need, so a cold start does not wait for Node to boot)
 * becomes one function's environment: its variables replace the standby's own, wholesale.
 */
function adopt(message) {
  if (handler || env.FLARE_LAMBDA_STANDBY !== '1') return;
  for (const key of Object.keys(env)) delete env[key];
  Object.assign(env, message.env);
  process.chdir(message.cwd);
  startedAt = performance.now();
  void initialize();
}

if (env.FLARE_LAMBDA_STANDBY !== '1') {
  await initialize();
} else if (env.FLARE_LAMBDA_PRELOAD) {
  // What the Lambda runtime provides and bundles import at init (the AWS SDK's SSM client for
  // Amplify's banner) loads while this runtime waits; an init that imports it finds it loaded.
  for (const url of JSON.parse(env.FLARE_LAMBDA_PRELOAD)) await import(url).catch(() => undefined);
}
