export { createSnsService, SnsLocalService, type SnsServiceOptions } from './service';
export type { OutboxMessage, SnsService } from './types';
export { topicArn } from './names';
