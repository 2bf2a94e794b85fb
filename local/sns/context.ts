import type { OperationCall } from '../kit';
import type { SnsDeliveries } from './deliveries';
import type { Links } from './notification';
import type { Publisher } from './publishing';
import type { SnsStore } from './store';

/** What every SNS operation is handed. */
export interface SnsCall extends OperationCall {
  readonly store: SnsStore;
  readonly publisher: Publisher;
  readonly deliveries: SnsDeliveries;
  readonly links: Links & { confirmUrl(topicArn: string, token: string): string };
}
