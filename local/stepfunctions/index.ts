export { createStepFunctionsService, StepFunctionsLocalService, type StepFunctionsServiceOptions } from './service';
export type { StepFunctionsService } from './types';
export { stateMachineArn } from './names';
