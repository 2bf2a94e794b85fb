import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';
import type { Schema } from '../../data/resource';
import { parseQueuedAlert } from '../../domain/queued-alert';

type DataClient = ReturnType<typeof generateClient<Schema>>;
let client: DataClient | undefined;

/** Configures the data client on first use (reading the model introspection schema needs the network). */
async function dataClient(): Promise<DataClient> {
  if (!client) {
    const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(process.env as Parameters<typeof getAmplifyDataClientConfig>[0]);
    Amplify.configure(resourceConfig, libraryOptions);
    client = generateClient<Schema>();
  }
  return client;
}

/**
 * Each message is one alert for reportAlert. Alerts of one fingerprint go one after another (they
 * touch one incident); different fingerprints go in parallel. A message that fails is reported
 * as a batch item failure: SQS delivers it again, and after maxReceiveCount it is in the DLQ.
 * The SQS message id is reportAlert's alertId, so a message delivered twice is recorded once.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const api = await dataClient();
  const byFingerprint = new Map<string, SQSRecord[]>();
  const failures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    let key: string;
    try {
      key = parseQueuedAlert(record.body).fingerprint;
    } catch (error) {
      console.error(`alert-queue: message ${record.messageId} is not a queued alert: ${(error as Error).message}`);
      failures.push({ itemIdentifier: record.messageId });
      continue;
    }
    byFingerprint.set(key, [...(byFingerprint.get(key) ?? []), record]);
  }
  await Promise.all(
    [...byFingerprint.values()].map(async (records) => {
      for (const record of records) {
        const alert = parseQueuedAlert(record.body);
        const result = await api.mutations
          .reportAlert({
            fingerprint: alert.fingerprint,
            serviceId: alert.serviceId,
            title: alert.title,
            severity: alert.severity,
            description: alert.description,
            source: alert.source,
            status: alert.status,
            autoResolve: alert.autoResolve,
            alertId: record.messageId,
          })
          .catch((error: unknown) => ({ errors: [{ message: (error as Error).message }] }));
        if (result.errors?.length) {
          console.error(`alert-queue: message ${record.messageId} failed: ${result.errors.map((e) => e.message).join('; ')}`);
          failures.push({ itemIdentifier: record.messageId });
        }
      }
    }),
  );
  return { batchItemFailures: failures };
};
