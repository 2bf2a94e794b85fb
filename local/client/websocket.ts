/** A WebSocket class: the browser's, Node 22+'s global, or the `ws` package's. */
export type WebSocketClass = new (url: string | URL, protocols?: string | string[]) => object;

/** Rewrites a `wss://` URL aimed at the local endpoint to `ws://`; other URLs pass through. */
export function localWebSocketUrl(url: string | URL, endpoint: string): string {
  const target = new URL(String(url));
  const local = new URL(endpoint);
  if (target.protocol === 'wss:' && target.host === local.host && local.protocol === 'http:') target.protocol = 'ws:';
  return target.toString();
}

/**
 * Makes `globalThis.WebSocket` reach the local real-time endpoint over `ws://`.
 * In Node 20 (no global WebSocket) pass the `ws` package's class as `base`.
 * Returns a function that restores the previous global.
 */
export function installLocalWebSocket(endpoint: string, base?: WebSocketClass): () => void {
  const scope = globalThis as { WebSocket?: WebSocketClass };
  const previous = scope.WebSocket;
  const Base = base ?? previous;
  if (!Base) throw new Error('No WebSocket implementation: pass one (e.g. the `ws` package) to installLocalWebSocket');
  const LocalWebSocket = class extends (Base as new (url: string, protocols?: string | string[]) => object) {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(localWebSocketUrl(url, endpoint), protocols);
    }
  };
  // Keep the readyState constants aws-amplify compares against.
  for (const key of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const) {
    Object.defineProperty(LocalWebSocket, key, { value: (Base as unknown as Record<string, number>)[key] });
  }
  scope.WebSocket = LocalWebSocket as unknown as WebSocketClass;
  return () => {
    scope.WebSocket = previous;
  };
}
