/**
 * aws-local-stepfunctions 3.0.0 (the only version on the registry) declares Node ≥ 22 and uses
 * `Promise.withResolvers` (Node 22) for task timeouts; flare-local supports Node ≥ 20. On a Node
 * without it, the standard method is supplied as ECMAScript 2024 defines it, once per process,
 * before the interpreter runs: nothing else changes, and Node 22+ keeps its own.
 */
type WithResolvers = <T>() => { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void };

export function ensurePromiseWithResolvers(): void {
  const promise = Promise as unknown as { withResolvers?: WithResolvers };
  if (typeof promise.withResolvers === 'function') return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const created = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise: created, resolve, reject };
    },
  });
}
