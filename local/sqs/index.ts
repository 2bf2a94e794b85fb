export { createSqsService, SqsLocalService, type SqsServiceOptions } from './service';
export type { SqsService, QueueMessageInput, QueueSender, QueueReceiveOptions, QueueFacts } from './types';
export { SqsError } from './errors';
