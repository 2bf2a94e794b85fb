/**
 * Loaded by the local Lambda runtime before a function's code: a function reaches only the
 * local cloud, never real AWS. The AWS SDK already goes to the local endpoint
 * (AWS_ENDPOINT_URL), but clients that ignore it (aws-amplify's storage and auth in a
 * trigger, an SDK client given an explicit AWS endpoint) compute `https://…amazonaws.com`
 * URLs. Inside the function's process, like a network that routes AWS host names to the
 * local cloud:
 *
 * - fetch() and http/https requests to an AWS host go to the local edge instead (S3
 *   virtual-host URLs in path style for fetch, which cannot send a Host header; the local
 *   S3 verifies such requests against the host the client signed, as for the client
 *   adapter; http(s) requests keep their Host header, so any signature still verifies);
 * - any other connection to an AWS host (DNS lookups of its name) fails, naming why;
 * - the first request to each AWS host is logged as a warning, saying where it went.
 *
 * Plain JavaScript with no dependencies: it runs before any loader, on any Node major.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';

const AWS_HOST = /(^|\.)(amazonaws\.com(\.cn)?|api\.aws)$/i;
const S3_VIRTUAL_HOST = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/i;

const warned = new Set();

function warnOnce(host, target) {
  if (warned.has(host)) return;
  warned.add(host);
  console.warn(`flare-local: ${host} is an AWS host name; functions of the local cloud reach only the local cloud, so this request went to ${target}`);
}

/** An AWS URL's local form on the edge, or undefined when the URL is not for AWS. */
function localUrl(url, edge) {
  if (!AWS_HOST.test(url.hostname)) return undefined;
  const bucket = S3_VIRTUAL_HOST.exec(url.hostname)?.[1];
  const pathname = bucket ? `/${bucket}${url.pathname}` : url.pathname;
  return new URL(`${pathname}${url.search}`, edge);
}

function refuse(hostname, edge) {
  const error = new Error(`flare-local: ${hostname} is an AWS host name and functions of the local cloud never reach real AWS; send this client's requests to AWS_ENDPOINT_URL (${edge.origin})`);
  error.code = 'ENOTFOUND';
  error.hostname = hostname;
  return error;
}

/**
 * Routes this process's requests for AWS host names to the local edge (`edgeUrl`, the
 * function's AWS_ENDPOINT_URL). Called once, when the runtime knows its environment.
 */
export function routeAwsHostsToEdge(edgeUrl) {
  const edge = new URL(edgeUrl);

  const baseFetch = globalThis.fetch;
  if (baseFetch) {
    globalThis.fetch = function fetch(input, init) {
      const text = input instanceof Request ? input.url : String(input);
      let target;
      try {
        target = localUrl(new URL(text), edge);
      } catch {
        target = undefined;
      }
      if (!target) return baseFetch(input, init);
      warnOnce(new URL(text).hostname, edge.origin);
      return baseFetch(input instanceof Request ? new Request(target, input) : target, init);
    };
  }

  /** `request(url?, options?, callback?)` with an AWS target, rewritten for the edge; else the arguments unchanged. */
  const toEdge = (args) => {
    let [first, second, third] = args;
    let options;
    let callback;
    if (typeof first === 'string' || first instanceof URL) {
      const url = new URL(first);
      options = { protocol: url.protocol, hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, ...(typeof second === 'object' ? second : {}) };
      callback = typeof second === 'function' ? second : third;
    } else {
      options = { ...first };
      callback = second;
    }
    const hostname = (options.hostname ?? options.host ?? '').replace(/:\d+$/, '');
    if (!AWS_HOST.test(hostname)) return undefined;
    warnOnce(hostname, edge.origin);
    const headers = { ...(options.headers ?? {}) };
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'host')) headers.host = hostname;
    const { agent: _agent, host: _host, ...rest } = options;
    return [{ ...rest, protocol: 'http:', hostname: edge.hostname, port: edge.port, headers }, callback].filter((arg) => arg !== undefined);
  };

  for (const module of [http, https]) {
    for (const method of ['request', 'get']) {
      const original = module[method];
      module[method] = function (...args) {
        const routed = toEdge(args);
        if (!routed) return original.apply(this, args);
        return method === 'get' ? http.get(...routed) : http.request(...routed);
      };
    }
  }

  const baseLookup = dns.lookup;
  dns.lookup = function lookup(hostname, options, callback) {
    if (typeof hostname === 'string' && AWS_HOST.test(hostname)) {
      const done = typeof options === 'function' ? options : callback;
      process.nextTick(() => done(refuse(hostname, edge)));
      return {};
    }
    return baseLookup.call(this, hostname, options, callback);
  };
  const basePromiseLookup = dns.promises.lookup;
  dns.promises.lookup = function lookup(hostname, options) {
    if (typeof hostname === 'string' && AWS_HOST.test(hostname)) return Promise.reject(refuse(hostname, edge));
    return basePromiseLookup.call(this, hostname, options);
  };
}
