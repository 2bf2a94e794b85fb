/**
 * A test double of the local Lambda service at its contract (local/lambda/types.ts), for
 * tests of services that invoke functions (Cognito triggers) without running bundles.
 * Handlers are keyed by function name (the last part of the ARN); a function without a
 * handler returns the event unchanged, as a pass-through trigger would.
 */
import { randomUUID } from 'node:crypto';
import type { InvokeOptions, InvokeResult, LambdaService } from '../../local/lambda/types';

export type FakeHandler = (event: Record<string, unknown>) => unknown;

export interface FakeInvocation {
  functionName: string;
  event: Record<string, unknown>;
  options?: InvokeOptions;
}

export class FakeLambdaService implements LambdaService {
  readonly name = 'lambda' as const;
  readonly resourceTypes: readonly string[] = [];
  readonly invocations: FakeInvocation[] = [];
  private readonly handlers = new Map<string, FakeHandler>();

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** Sets (or with undefined, clears) the handler of a function. */
  handle(functionName: string, handler: FakeHandler | undefined): void {
    if (handler) this.handlers.set(functionName, handler);
    else this.handlers.delete(functionName);
  }

  /** The events a function received, oldest first. */
  eventsOf(functionName: string): Record<string, unknown>[] {
    return this.invocations.filter((call) => call.functionName === functionName).map((call) => call.event);
  }

  async invoke(functionNameOrArn: string, payload: unknown, options?: InvokeOptions): Promise<InvokeResult> {
    const functionName = functionNameOrArn.split(':').pop()!;
    const event = structuredClone(payload) as Record<string, unknown>;
    this.invocations.push({ functionName, event, options });
    const handler = this.handlers.get(functionName) ?? ((e) => e);
    try {
      return { requestId: randomUUID(), statusCode: 200, payload: structuredClone(await handler(structuredClone(event))) };
    } catch (error) {
      const { name, message } = error as Error;
      const failure = { errorType: name, errorMessage: message, trace: [] };
      return { requestId: randomUUID(), statusCode: 200, payload: failure, functionError: 'Unhandled', error: failure };
    }
  }
}
