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
