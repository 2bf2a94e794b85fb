import type { AppSyncRealtimeService } from '../../appsync/realtime';
import { ConsoleError } from '../errors';
import type { ConsoleEndpoint } from './index';

/**
 * `GET /realtime`: open real-time connections with their subscriptions, and messages
 * delivered so far (the page derives messages per second from two readings).
 */
export const realtime: ConsoleEndpoint = {
  method: 'GET',
  path: /^\/realtime$/,
  handle({ host }) {
    const service = host.services().find<AppSyncRealtimeService>('appsync-realtime');
    if (!service) throw ConsoleError.serviceNotRunning('appsync-realtime');
    return { at: new Date().toISOString(), ...service.stats(), connections: service.describe() };
  },
};
