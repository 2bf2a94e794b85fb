/**
 * Polls `read` until it gives a truthy value (returned) or `timeoutMs` passes (an error): for
 * asynchronous deliveries a test can only watch for.
 * @example
 * const record = await eventually(() => records.find((r) => r.message.startsWith('EVENT ')));
 */
export async function eventually<T>(read: () => T | undefined | false | null, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
