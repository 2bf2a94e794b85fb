export { AppSyncRealtimeService, type RealtimeOptions } from './realtime-service';
export { REALTIME_LIMITS, MessageType, SUBPROTOCOL } from './protocol';
export { matchesFilters, matchesArguments, validateFilter } from './subscription-filter';
