/**
 * The transport half of the client adapter: `fetch` and `XMLHttpRequest` wrapped so that
 * requests for AWS URLs of the local backend (S3 buckets, API Gateway APIs) leave for the local
 * endpoint instead, exactly as the client made them otherwise (headers, signature, body).
 */

type Fetch = typeof globalThis.fetch;
type XhrClass = new () => XMLHttpRequest;

/** Maps a URL to where it should go: the same string when it is not the local cloud's. */
export type UrlRewrite = (url: string) => string;

/**
 * A URL the client computed for an AWS service, parsed: https on the default port, as the AWS
 * clients make them; undefined for anything else (those are never the local cloud's to take).
 */
export function awsHttpsUrl(text: string): URL | undefined {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return undefined;
  }
  return parsed.protocol === 'https:' && parsed.port === '' ? parsed : undefined;
}

/** Headers without `host`: it names the AWS host, and the local request goes elsewhere. */
function withoutHost(headers: HeadersInit | undefined): HeadersInit | undefined {
  if (!headers) return headers;
  const copy = new Headers(headers);
  copy.delete('host');
  return copy;
}

/** A fetch that sends requests `rewrite` maps elsewhere there, and every other request unchanged. */
export function rewritingFetch(base: Fetch, rewrite: UrlRewrite): Fetch {
  return (input, init) => {
    if (input instanceof Request) {
      const target = rewrite(input.url);
      if (target === input.url) return base(input, init);
      const request = new Request(target, input);
      request.headers.delete('host');
      return base(request, init);
    }
    const url = String(input);
    const target = rewrite(url);
    if (target === url) return base(input, init);
    return base(target, init ? { ...init, headers: withoutHost(init.headers) } : init);
  };
}

/** An XMLHttpRequest that opens rewritten URLs (uploads keep their progress events). */
export function rewritingXhr(Base: XhrClass, rewrite: UrlRewrite): XhrClass {
  return class LocalCloudXMLHttpRequest extends Base {
    open(method: string, url: string | URL, async = true, username?: string | null, password?: string | null): void {
      super.open(method, rewrite(String(url)), async, username, password);
    }
  };
}

/**
 * Wraps `globalThis.fetch` and (in browsers) `globalThis.XMLHttpRequest` with `rewrite`.
 * Returns a function that restores both.
 */
export function installRewrite(rewrite: UrlRewrite): () => void {
  const scope = globalThis as { fetch: Fetch; XMLHttpRequest?: XhrClass };
  const previousFetch = scope.fetch;
  const previousXhr = scope.XMLHttpRequest;
  scope.fetch = rewritingFetch(previousFetch, rewrite);
  if (previousXhr) scope.XMLHttpRequest = rewritingXhr(previousXhr, rewrite);
  return () => {
    scope.fetch = previousFetch;
    if (previousXhr) scope.XMLHttpRequest = previousXhr;
  };
}
