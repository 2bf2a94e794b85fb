import type { EventBridgeHandler } from 'aws-lambda';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';
import type { Schema } from '../../data/resource';
import { planEscalations, type EscalationCandidate } from '../../domain/escalation';

type DataClient = ReturnType<typeof generateClient<Schema>>;
let client: DataClient | undefined;

/**
 * Configures the data client on first use (not at import: reading the model
 * introspection schema needs the network).
 */
async function dataClient(): Promise<DataClient> {
  if (!client) {
    const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(
      process.env as Parameters<typeof getAmplifyDataClientConfig>[0],
    );
    Amplify.configure(resourceConfig, libraryOptions);
    client = generateClient<Schema>();
  }
  return client;
}

function failOn(errors: readonly { message: string }[] | undefined, what: string): void {
  if (errors?.length) throw new Error(`${what}: ${errors.map((e) => e.message).join('; ')}`);
}

/** Every minute: raise the escalation level of TRIGGERED incidents past their deadline. */
export const handler: EventBridgeHandler<'Scheduled Event', unknown, { escalated: number }> = async (event) => {
  const api = await dataClient();
  const now = event.time ? new Date(event.time) : new Date();
  const triggered: EscalationCandidate[] = [];
  let nextToken: string | null | undefined;
  do {
    const page = await api.models.Incident.listIncidentsByStatus(
      { status: 'TRIGGERED' },
      { nextToken, selectionSet: ['id', 'status', 'severity', 'triggeredAt', 'escalationLevel'] },
    );
    failOn(page.errors, 'Listing triggered incidents failed');
    triggered.push(...(page.data as EscalationCandidate[]));
    nextToken = page.nextToken;
  } while (nextToken);

  const plans = planEscalations(triggered, now);
  for (const { id, level } of plans) {
    // Through AppSync (IAM), so onUpdateIncident subscribers see the change.
    const updated = await api.models.Incident.update({ id, escalationLevel: level });
    failOn(updated.errors, `Escalating incident ${id} failed`);
    const logged = await api.models.TimelineEvent.create({
      incidentId: id,
      kind: 'ESCALATED',
      message: `Unacknowledged past its deadline: escalated to level ${level}`,
      author: 'escalation-policy',
      createdAt: now.toISOString(),
    });
    failOn(logged.errors, `Recording the escalation of incident ${id} failed`);
    console.log(`Escalated incident ${id} to level ${level}`);
  }
  return { escalated: plans.length };
};
