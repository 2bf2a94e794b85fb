/**
 * The storage part of the client adapter (DESIGN.md, principle 2): lets the unmodified
 * aws-amplify v6 storage client (uploadData, list, getUrl, downloadData, remove) reach
 * the local S3 from Node and from browsers (fetch and XHR).
 *
 * Why it is needed: the storage client only speaks https — it computes
 * `https://<bucket>.s3.<region>.amazonaws.com/<key>` for each request (its
 * `customEndpoint` option is https-only and per call; `dangerouslyConnectToHttpEndpointForTesting`
 * is broken, FACTS.md) — and the local endpoint is plain http on loopback.
 *
 * What it does: at the transport (global `fetch`, and `XMLHttpRequest` where it exists)
 * it rewrites requests for the buckets of the local outputs, and nothing else, to the
 * local endpoint in path style: `https://<bucket>.s3.us-east-1.amazonaws.com/<key>?…`
 * → `http://127.0.0.1:4566/<bucket>/<key>?…`. The request leaves exactly as the client
 * signed it (headers, query, body); only scheme, host and the bucket's place change.
 *
 * Why signatures still verify: the signature covers the host the client computed. The
 * local S3 verifies a path-style request whose signature does not match as received
 * against the same request in the bucket's AWS host form (`<bucket>.s3.<region>.amazonaws.com`,
 * path without the bucket) — what the client signed (local/s3/auth.ts). The bucket is
 * in both forms, so no signature carries over to another bucket or key. A browser could
 * not send the AWS Host header anyway (it is a forbidden header), which is why the
 * server, not the client, reconciles the two.
 *
 * Presigned URLs from getUrl are rewritten the same way by the installed fetch; for a
 * URL handed to the browser itself (`<img src>`, a download link) pass it through
 * {@link localStorageUrl}.
 */
import { localSettings } from './settings';
import { awsHttpsUrl, installRewrite, rewritingFetch, rewritingXhr } from './transport';

export interface LocalStorageSettings {
  /** The local edge, e.g. `http://127.0.0.1:4566`. */
  endpoint: string;
  /** Buckets of the local outputs: only requests for these are rewritten. */
  buckets: readonly string[];
}

interface StorageOutputs {
  storage?: { bucket_name?: string; buckets?: { bucket_name?: string }[] };
}

/** The local storage settings of amplify_outputs.json, or undefined for a real AWS backend. */
export function localStorageSettings(outputs: unknown): LocalStorageSettings | undefined {
  const local = localSettings(outputs);
  if (!local) return undefined;
  const storage = (outputs as StorageOutputs).storage;
  const buckets = new Set<string>();
  if (storage?.bucket_name) buckets.add(storage.bucket_name);
  for (const bucket of storage?.buckets ?? []) if (bucket.bucket_name) buckets.add(bucket.bucket_name);
  return { endpoint: local.endpoint, buckets: [...buckets] };
}

/** S3's host names: `<bucket>.s3[.<region>].amazonaws.com` (virtual host) or `s3[.<region>].amazonaws.com` (path style). */
const VIRTUAL_HOST = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/;
const PATH_STYLE_HOST = /^s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/;

/**
 * The local form of an S3 URL the storage client computed, or the URL unchanged when
 * it is not for a bucket of the local outputs.
 * @example
 * localStorageUrl('https://files.s3.us-east-1.amazonaws.com/a%20b.png?X-Amz-Signature=…', settings)
 * // 'http://127.0.0.1:4566/files/a%20b.png?X-Amz-Signature=…'
 */
export function localStorageUrl(url: string | URL, settings: LocalStorageSettings): string {
  const text = String(url);
  const parsed = awsHttpsUrl(text);
  if (!parsed) return text;
  const endpoint = settings.endpoint.replace(/\/$/, '');
  const virtualHost = VIRTUAL_HOST.exec(parsed.hostname)?.[1];
  if (virtualHost !== undefined) {
    if (!settings.buckets.includes(virtualHost)) return text;
    return `${endpoint}/${virtualHost}${parsed.pathname}${parsed.search}`;
  }
  if (PATH_STYLE_HOST.test(parsed.hostname)) {
    const bucket = decodeURIComponent(parsed.pathname.split('/')[1] ?? '');
    if (!settings.buckets.includes(bucket)) return text;
    return `${endpoint}${parsed.pathname}${parsed.search}`;
  }
  return text;
}

type Fetch = typeof globalThis.fetch;
type XhrClass = new () => XMLHttpRequest;

/** A fetch that sends requests for the local buckets to the local endpoint. */
export function localStorageFetch(base: Fetch, settings: LocalStorageSettings): Fetch {
  return rewritingFetch(base, (url) => localStorageUrl(url, settings));
}

/** An XMLHttpRequest that opens requests for the local buckets on the local endpoint (uploads keep their progress events). */
export function localStorageXhr(Base: XhrClass, settings: LocalStorageSettings): XhrClass {
  return rewritingXhr(Base, (url) => localStorageUrl(url, settings));
}

/**
 * Routes the storage client's requests for the local buckets to the local endpoint, by
 * wrapping `globalThis.fetch` and (in browsers) `globalThis.XMLHttpRequest`. Does nothing
 * for outputs that are not the local cloud's. Returns a function that restores both.
 * @example
 * Amplify.configure(amplifyConfig(outputs));
 * const restore = installLocalStorage(outputs);
 * await uploadData({ path: 'attachments/a.txt', data: 'hello' }).result;
 */
export function installLocalStorage(outputs: unknown): () => void {
  const settings = localStorageSettings(outputs);
  if (!settings) return () => {};
  return installRewrite((url) => localStorageUrl(url, settings));
}
