export { createLambdaService, LambdaLocalService, type LambdaServiceOptions } from './service';
export { LambdaError, FunctionErrors, PAYLOAD_LIMITS } from './errors';
export { readFunctions, FRIENDLY_NAME_TAG, type FunctionConfig } from './function-config';
export type { LambdaService, InvokeOptions, InvokeResult, Execution, FunctionHost } from './types';
