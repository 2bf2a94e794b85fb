import { describe, expect, it } from 'vitest';
import {
  ESCALATION_DEADLINE_MINUTES,
  MAX_ESCALATION_LEVEL,
  dueLevel,
  planEscalations,
  type EscalationCandidate,
} from '../../../../amplify/domain/escalation';

const TRIGGERED_AT = '2026-05-01T09:00:00.000Z';
const MINUTE = 60_000;

/** `minutes` (may be fractional) after the candidate was triggered. */
function minutesLater(minutes: number): Date {
  return new Date(Date.parse(TRIGGERED_AT) + minutes * MINUTE);
}

function candidate(overrides: Partial<EscalationCandidate> = {}): EscalationCandidate {
  return { id: 'inc-1', status: 'TRIGGERED', severity: 'SEV1', triggeredAt: TRIGGERED_AT, escalationLevel: 0, ...overrides };
}

describe('deadlines', () => {
  it('are 5, 15, 60 and 240 minutes for SEV1–SEV4, capped at level 3', () => {
    expect(ESCALATION_DEADLINE_MINUTES).toEqual({ SEV1: 5, SEV2: 15, SEV3: 60, SEV4: 240 });
    expect(MAX_ESCALATION_LEVEL).toBe(3);
  });
});

describe('dueLevel', () => {
  describe.each([
    ['SEV1', 5],
    ['SEV2', 15],
    ['SEV3', 60],
    ['SEV4', 240],
  ] as const)('%s (deadline %i min)', (severity, deadline) => {
    it('stays at 0 just before the first deadline', () => {
      // Act + Assess
      expect(dueLevel(candidate({ severity }), minutesLater(deadline - 1 / 60))).toBe(0);
    });

    it('reaches 1 exactly at the deadline', () => {
      expect(dueLevel(candidate({ severity }), minutesLater(deadline))).toBe(1);
    });

    it('reaches 2 at twice the deadline', () => {
      expect(dueLevel(candidate({ severity }), minutesLater(2 * deadline))).toBe(2);
    });

    it('reaches 3 at three times the deadline', () => {
      expect(dueLevel(candidate({ severity }), minutesLater(3 * deadline))).toBe(3);
    });
  });

  it('distinguishes severities at the same moment', () => {
    // Prepare: 20 minutes after the trigger
    const now = minutesLater(20);

    // Act
    const levels = (['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const).map((severity) => dueLevel(candidate({ severity }), now));

    // Assess: 20/5 = 4 → capped at 3; 20/15 = 1; 20/60 = 0; 20/240 = 0
    expect(levels).toEqual([3, 1, 0, 0]);
  });

  it('is capped at the maximum level however long the incident waits', () => {
    // Act + Assess
    expect(dueLevel(candidate({ severity: 'SEV1' }), minutesLater(24 * 60))).toBe(MAX_ESCALATION_LEVEL);
  });

  it('never lowers the level the incident already has', () => {
    // Prepare: level 2 already, but only one deadline has passed
    const incident = candidate({ severity: 'SEV2', escalationLevel: 2 });

    // Act + Assess
    expect(dueLevel(incident, minutesLater(16))).toBe(2);
  });

  it.each(['ACKNOWLEDGED', 'RESOLVED'])('does not escalate a %s incident, keeping its level', (status) => {
    // Prepare: well past every deadline
    const incident = candidate({ status, escalationLevel: 1 });

    // Act + Assess
    expect(dueLevel(incident, minutesLater(600))).toBe(1);
  });

  it('treats a missing level as 0', () => {
    // Act + Assess
    expect(dueLevel(candidate({ status: 'ACKNOWLEDGED', escalationLevel: null }), minutesLater(600))).toBe(0);
    expect(dueLevel(candidate({ escalationLevel: undefined }), minutesLater(2))).toBe(0);
  });

  it('does not escalate an incident triggered in the future (clock skew)', () => {
    // Act + Assess
    expect(dueLevel(candidate({ escalationLevel: 1 }), minutesLater(-30))).toBe(1);
  });

  it('does not escalate an incident whose triggeredAt is unparsable', () => {
    // Act + Assess
    expect(dueLevel(candidate({ triggeredAt: 'garbage' }), minutesLater(600))).toBe(0);
  });

  it('throws on an unknown severity', () => {
    // Act + Assess
    expect(() => dueLevel(candidate({ severity: 'SEV9' }), minutesLater(10))).toThrow('Unknown severity SEV9');
  });
});

describe('planEscalations', () => {
  it('returns only incidents whose level rises, with the level to set', () => {
    // Prepare: 16 minutes after the trigger
    const now = minutesLater(16);
    const incidents = [
      candidate({ id: 'sev1-new', severity: 'SEV1', escalationLevel: 0 }), // due 3
      candidate({ id: 'sev1-done', severity: 'SEV1', escalationLevel: 3 }), // already at cap
      candidate({ id: 'sev2-due', severity: 'SEV2', escalationLevel: 0 }), // due 1
      candidate({ id: 'sev2-same', severity: 'SEV2', escalationLevel: 1 }), // already 1
      candidate({ id: 'sev3-early', severity: 'SEV3', escalationLevel: 0 }), // not yet
      candidate({ id: 'acked', severity: 'SEV1', status: 'ACKNOWLEDGED', escalationLevel: 0 }), // never
    ];

    // Act
    const plans = planEscalations(incidents, now);

    // Assess
    expect(plans).toEqual([
      { id: 'sev1-new', level: 3 },
      { id: 'sev2-due', level: 1 },
    ]);
  });

  it('returns nothing when nothing is due', () => {
    // Act + Assess
    expect(planEscalations([candidate()], minutesLater(1))).toEqual([]);
    expect(planEscalations([], minutesLater(100))).toEqual([]);
  });

  it('treats a missing current level as 0', () => {
    // Act + Assess
    expect(planEscalations([candidate({ escalationLevel: null })], minutesLater(5))).toEqual([{ id: 'inc-1', level: 1 }]);
  });
});
