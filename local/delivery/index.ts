/**
 * Delivery between local services: the in-process contracts (queues, topics, state machines)
 * and ordered, retried, dead-lettered delivery lanes that EventBridge and SNS share.
 */
export { deliveryService, DeliveryFailure, type QueueService, type QueueMessage, type QueueSender, type TopicService, type TopicMessage, type StateMachineService, type MessageAttribute } from './contracts';
export { DeliveryLanes, type DeliveryJob, type DeliveryLanesOptions } from './lanes';
export { sendHttp, isLoopbackUrl, type HttpDelivery, type HttpAnswer } from './http';
