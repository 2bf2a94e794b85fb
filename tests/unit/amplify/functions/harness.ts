/**
 * What every handler test of Flare's functions sets up the same way: the function's
 * environment before its module loads, a fixed date, and the error a call rejects with.
 */
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';

// Resolver handlers and Cognito triggers have different signatures; the wrapper keeps each one's.
type AnyHandler = (...args: any[]) => any;

/**
 * A function's handler, loaded with its environment stubbed first (handlers read it when their
 * module loads, as on Lambda), and that environment stubbed again before each test, since a test
 * may change a variable. The environment is unstubbed after the file.
 * @example
 * const handler = handlerWithEnvironment(ENV, () => import('../../../../amplify/functions/alert-intake/handler'));
 * await handler(resolverEvent('reportAlert', input));
 */
export function handlerWithEnvironment<H extends AnyHandler>(env: Readonly<Record<string, string>>, load: () => Promise<{ handler: H }>): H {
  const stub = () => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  };
  let loaded: H | undefined;
  beforeAll(async () => {
    stub();
    ({ handler: loaded } = await load());
  });
  beforeEach(stub);
  afterAll(() => {
    vi.unstubAllEnvs();
  });
  return ((...args: Parameters<H>) => {
    if (!loaded) throw new Error('The handler is loaded in beforeAll: call it from a test');
    return loaded(...args);
  }) as H;
}

/**
 * Freezes `Date` at `iso` for each test (timers stay real, so the SDK mocks still resolve).
 * @example
 * freezeDateAt('2026-07-01T08:30:00.000Z');
 */
export function freezeDateAt(iso: string): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(iso));
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/**
 * What a promise was rejected with; fails when it resolves.
 * @example
 * expect((await rejectionOf(handler(event))).message).toBe('Incident inc-1 not found');
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the handler to fail');
}

/**
 * A resolver's failure on something that is not one of Flare's rules: what the caller got
 * (resolvers answer `InternalFailure` with a fixed sentence) and the original error, which
 * only the function's log sees.
 * @example const { error, logged } = await crashOf(handler(event)); expect(logged.message).toBe('network down');
 */
export async function crashOf(promise: Promise<unknown>): Promise<{ error: Error; logged: Error }> {
  const log = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const error = await rejectionOf(promise);
    const call = log.mock.calls.find(([label]) => label === 'resolver failed:');
    if (!call) throw new Error(`expected the resolver to log its crash; it failed with ${error.name}: ${error.message}`);
    return { error, logged: call[1] as Error };
  } finally {
    log.mockRestore();
  }
}
