import path from 'node:path';

/** The Amplify project of tests/fixtures/queues-and-secrets (synthesized on first use, cached). */
export const QUEUES_AND_SECRETS = path.resolve('tests/fixtures/queues-and-secrets');

/** The `custom` outputs its backend.ts adds, as the local cloud evaluates them. */
export interface QueuesAndSecretsOutputs {
  alertsQueueUrl: string;
  deadLettersQueueUrl: string;
  processedQueueUrl: string;
  orderedQueueArn: string;
  tokenSecretArn: string;
}
