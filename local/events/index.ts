export { createEventsService, EventsLocalService, type EventsServiceOptions } from './service';
export type { BusEvent, EventsService, PutEventsOptions } from './types';
export { busArn, ruleArn } from './names';
