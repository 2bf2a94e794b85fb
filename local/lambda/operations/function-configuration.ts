import type { FunctionConfig } from '../function-config';

/** Lambda's `FunctionConfiguration` shape for a function of the assembly. */
export function functionConfiguration(config: FunctionConfig): Record<string, unknown> {
  return {
    FunctionName: config.name,
    FunctionArn: config.arn,
    Runtime: config.runtime || undefined,
    Role: config.roleArn,
    Handler: config.handler,
    Timeout: config.timeoutSeconds,
    MemorySize: config.memorySize,
    Version: '$LATEST',
    PackageType: 'Zip',
    Environment: { Variables: config.environment },
    Layers: config.layers.map((arn) => ({ Arn: arn })),
    State: config.notRunnable ? 'Failed' : 'Active',
    ...(config.notRunnable ? { StateReason: `Not runnable locally: ${config.notRunnable}`, StateReasonCode: 'InvalidRuntime' } : {}),
  };
}
