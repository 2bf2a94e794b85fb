import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FunctionConfig } from '../../../../local/lambda/function-config';
import { FunctionPool } from '../../../../local/lambda/function-pool';
import type { NodeRuntime } from '../../../../local/lambda/node-runtimes';
import { Logger, Reporter } from '../../../../local/reporter';

function config(codeDir: string): FunctionConfig {
  return {
    logicalId: 'Fn', cdkPath: 'test/Fn', name: 'fn', arn: 'arn:aws:lambda:us-east-1:000000000000:function:fn', displayName: 'fn',
    runtime: 'nodejs20.x', handler: 'index.handler', codeDir, timeoutSeconds: 3, memorySize: 128, environment: {},
    layers: [], tags: {}, tracing: 'PassThrough', notRunnable: undefined as unknown as FunctionConfig['notRunnable'],
  };
}

describe('FunctionPool stop', () => {
  it('starts no environment for an invocation whose runtime arrives after stop, and fails that invocation', async () => {
    // Prepare: the function's Node is still being fetched when the service stops
    const codeDir = mkdtempSync(path.join(tmpdir(), 'flare-pool-'));
    writeFileSync(path.join(codeDir, 'index.js'), 'exports.handler = async () => "ran";\n');
    let arrive!: (runtime: NodeRuntime) => void;
    const runtime = new Promise<NodeRuntime>((resolve) => (arrive = resolve));
    const pool = new FunctionPool({
      config: config(codeDir), endpoint: 'http://127.0.0.1:1', log: new Logger(new Reporter({ level: 'silent', sinks: [] }), { service: 'lambda' }),
      credentials: () => ({ credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } }), maxConcurrency: 2, idleTimeoutMs: 60_000, runtime,
    });
    const invocation = pool.invoke({ requestId: 'r-1', event: '{}', invokedFunctionArn: config(codeDir).arn, timeoutSeconds: 3 } as never);

    // Act
    const stopped = pool.stop();
    arrive({ execPath: process.execPath, version: process.version });
    await stopped;

    // Assess
    await expect(invocation).rejects.toMatchObject({ name: 'ServiceException' });
    expect(pool.environmentCount).toBe(0);
  });
});
