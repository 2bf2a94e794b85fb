import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EscalationCandidate } from '../../../../amplify/domain/escalation';
import { lambdaContext, scheduledEvent } from './events';

/**
 * The escalate function talks to AppSync through aws-amplify's data client, so the
 * fake sits at that boundary: generateClient returns a client whose model methods are
 * spies, and the runtime config helper returns a fixed configuration.
 */
const fakes = vi.hoisted(() => {
  const api = {
    models: {
      Incident: { listIncidentsByStatus: vi.fn(), update: vi.fn() },
      TimelineEvent: { create: vi.fn() },
    },
  };
  const config = {
    resourceConfig: { API: { GraphQL: { endpoint: 'https://api.example/graphql', region: 'us-east-1', defaultAuthMode: 'iam' } } },
    libraryOptions: { Auth: { credentialsProvider: { marker: 'function credentials' } } },
  };
  return {
    api,
    config,
    generateClient: vi.fn(() => api),
    configure: vi.fn(),
    getAmplifyDataClientConfig: vi.fn(async () => config),
  };
});

vi.mock('aws-amplify/data', () => ({ generateClient: fakes.generateClient }));
vi.mock('aws-amplify', () => ({ Amplify: { configure: fakes.configure } }));
vi.mock('@aws-amplify/backend/function/runtime', () => ({ getAmplifyDataClientConfig: fakes.getAmplifyDataClientConfig }));

type Handler = typeof import('../../../../amplify/functions/escalate/handler').handler;
let handler: Handler;

const TRIGGERED_AT = '2026-09-01T10:00:00.000Z';
const SELECTION_SET = ['id', 'status', 'severity', 'triggeredAt', 'escalationLevel'];
const { Incident, TimelineEvent } = fakes.api.models;

function minutesAfterTrigger(minutes: number): string {
  return new Date(Date.parse(TRIGGERED_AT) + minutes * 60_000).toISOString();
}

function triggered(id: string, severity: string, escalationLevel = 0): EscalationCandidate {
  return { id, status: 'TRIGGERED', severity, triggeredAt: TRIGGERED_AT, escalationLevel };
}

/** One page of listIncidentsByStatus, as the data client returns it. */
function page(data: EscalationCandidate[], nextToken: string | null = null, errors?: { message: string }[]) {
  return { data, nextToken, ...(errors ? { errors } : {}) };
}

async function runAt(time: string): Promise<{ escalated: number }> {
  const result = await handler(scheduledEvent(time), lambdaContext('escalate'), () => undefined);
  if (!result) throw new Error('escalate returned nothing');
  return result;
}

beforeEach(async () => {
  vi.clearAllMocks();
  for (const method of [Incident.listIncidentsByStatus, Incident.update, TimelineEvent.create]) method.mockReset();
  Incident.update.mockResolvedValue({ data: {}, errors: undefined });
  TimelineEvent.create.mockResolvedValue({ data: {}, errors: undefined });
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  // A fresh module per test: the handler caches its configured client.
  vi.resetModules();
  ({ handler } = await import('../../../../amplify/functions/escalate/handler'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('configuration', () => {
  it('configures Amplify from the function environment once, on first use', async () => {
    // Prepare
    Incident.listIncidentsByStatus.mockResolvedValue(page([]));

    // Act
    await runAt(minutesAfterTrigger(1));
    await runAt(minutesAfterTrigger(2));

    // Assess
    expect(fakes.getAmplifyDataClientConfig).toHaveBeenCalledTimes(1);
    expect(fakes.getAmplifyDataClientConfig).toHaveBeenCalledWith(process.env);
    expect(fakes.configure).toHaveBeenCalledTimes(1);
    expect(fakes.configure).toHaveBeenCalledWith(fakes.config.resourceConfig, fakes.config.libraryOptions);
    expect(fakes.generateClient).toHaveBeenCalledTimes(1);
  });
});

describe('listing', () => {
  it('reads every page of TRIGGERED incidents through the byStatus query', async () => {
    // Prepare
    Incident.listIncidentsByStatus
      .mockResolvedValueOnce(page([triggered('a', 'SEV3')], 'token-2'))
      .mockResolvedValueOnce(page([triggered('b', 'SEV3')], 'token-3'))
      .mockResolvedValueOnce(page([triggered('c', 'SEV1')]));

    // Act
    const result = await runAt(minutesAfterTrigger(6));

    // Assess
    expect(Incident.listIncidentsByStatus.mock.calls).toEqual([
      [{ status: 'TRIGGERED' }, { nextToken: undefined, selectionSet: SELECTION_SET }],
      [{ status: 'TRIGGERED' }, { nextToken: 'token-2', selectionSet: SELECTION_SET }],
      [{ status: 'TRIGGERED' }, { nextToken: 'token-3', selectionSet: SELECTION_SET }],
    ]);
    // Only 'c' (SEV1, 6 min) is due; it was on the last page.
    expect(Incident.update.mock.calls).toEqual([[{ id: 'c', escalationLevel: 1 }]]);
    expect(result).toEqual({ escalated: 1 });
  });

  it('fails on GraphQL errors from the listing, and escalates nothing', async () => {
    // Prepare
    Incident.listIncidentsByStatus.mockResolvedValueOnce(
      page([], null, [{ message: 'Not Authorized to access listIncidentsByStatus on type Query' }, { message: 'second' }]),
    );

    // Act + Assess
    await expect(runAt(minutesAfterTrigger(60))).rejects.toThrow(
      'Listing triggered incidents failed: Not Authorized to access listIncidentsByStatus on type Query; second',
    );
    expect(Incident.update).not.toHaveBeenCalled();
  });
});

describe('escalating', () => {
  it('updates the level and records an ESCALATED event for each planned escalation, in that order', async () => {
    // Prepare: 16 minutes in — SEV1 is due level 3, SEV2 level 1, SEV3 nothing, a SEV1 already at 3 nothing
    Incident.listIncidentsByStatus.mockResolvedValueOnce(
      page([triggered('sev1', 'SEV1'), triggered('sev2', 'SEV2'), triggered('sev3', 'SEV3'), triggered('capped', 'SEV1', 3)]),
    );
    const now = minutesAfterTrigger(16);

    // Act
    const result = await runAt(now);

    // Assess
    expect(Incident.update.mock.calls).toEqual([[{ id: 'sev1', escalationLevel: 3 }], [{ id: 'sev2', escalationLevel: 1 }]]);
    expect(TimelineEvent.create.mock.calls).toEqual([
      [
        {
          incidentId: 'sev1',
          kind: 'ESCALATED',
          message: 'Unacknowledged past its deadline: escalated to level 3',
          author: 'escalation-policy',
          createdAt: now,
        },
      ],
      [
        {
          incidentId: 'sev2',
          kind: 'ESCALATED',
          message: 'Unacknowledged past its deadline: escalated to level 1',
          author: 'escalation-policy',
          createdAt: now,
        },
      ],
    ]);
    const order = [
      Incident.update.mock.invocationCallOrder[0],
      TimelineEvent.create.mock.invocationCallOrder[0],
      Incident.update.mock.invocationCallOrder[1],
      TimelineEvent.create.mock.invocationCallOrder[1],
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(result).toEqual({ escalated: 2 });
  });

  it('writes nothing when nothing is due', async () => {
    // Prepare
    Incident.listIncidentsByStatus.mockResolvedValueOnce(page([triggered('sev4', 'SEV4'), triggered('sev1', 'SEV1', 1)]));

    // Act
    const result = await runAt(minutesAfterTrigger(9));

    // Assess
    expect(Incident.update).not.toHaveBeenCalled();
    expect(TimelineEvent.create).not.toHaveBeenCalled();
    expect(result).toEqual({ escalated: 0 });
  });

  it('judges deadlines by the scheduled event time, not the clock', async () => {
    // Prepare: the clock says the incident was just triggered; the event is 5 minutes later
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(TRIGGERED_AT));
    Incident.listIncidentsByStatus.mockResolvedValueOnce(page([triggered('sev1', 'SEV1')]));

    // Act
    await runAt(minutesAfterTrigger(5));

    // Assess
    expect(Incident.update.mock.calls).toEqual([[{ id: 'sev1', escalationLevel: 1 }]]);
  });

  it('uses the clock when the event carries no time', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(minutesAfterTrigger(15)));
    Incident.listIncidentsByStatus.mockResolvedValueOnce(page([triggered('sev2', 'SEV2')]));

    // Act
    await runAt('');

    // Assess
    expect(Incident.update.mock.calls).toEqual([[{ id: 'sev2', escalationLevel: 1 }]]);
    expect(TimelineEvent.create.mock.calls[0][0].createdAt).toBe(minutesAfterTrigger(15));
  });

  it('fails on GraphQL errors from the update, before recording the event', async () => {
    // Prepare
    Incident.listIncidentsByStatus.mockResolvedValueOnce(page([triggered('sev1', 'SEV1')]));
    Incident.update.mockResolvedValueOnce({ data: null, errors: [{ message: 'The conditional request failed' }] });

    // Act + Assess
    await expect(runAt(minutesAfterTrigger(5))).rejects.toThrow('Escalating incident sev1 failed: The conditional request failed');
    expect(TimelineEvent.create).not.toHaveBeenCalled();
  });

  it('fails on GraphQL errors from recording the event, and stops there', async () => {
    // Prepare
    Incident.listIncidentsByStatus.mockResolvedValueOnce(page([triggered('first', 'SEV1'), triggered('second', 'SEV1')]));
    TimelineEvent.create.mockResolvedValueOnce({ data: null, errors: [{ message: 'Unauthorized' }] });

    // Act + Assess
    await expect(runAt(minutesAfterTrigger(5))).rejects.toThrow('Recording the escalation of incident first failed: Unauthorized');
    expect(Incident.update.mock.calls).toEqual([[{ id: 'first', escalationLevel: 1 }]]);
  });
});
