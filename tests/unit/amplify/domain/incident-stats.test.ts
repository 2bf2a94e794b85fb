import { describe, expect, it } from 'vitest';
import { computeStats, mean, median, type IncidentForStats } from '../../../../amplify/domain/incident-stats';

const T0 = Date.parse('2026-04-01T12:00:00.000Z');

/** ISO time `seconds` after T0. */
function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

/** An incident triggered at T0 + `triggeredAfter` seconds, optionally acknowledged/resolved `n` seconds after that. */
function incident(
  options: { status?: string; severity?: string; triggeredAfter?: number; ackAfter?: number; resolveAfter?: number } = {},
): IncidentForStats {
  const triggered = options.triggeredAfter ?? 0;
  return {
    status: options.status ?? 'TRIGGERED',
    severity: options.severity ?? 'SEV3',
    triggeredAt: at(triggered),
    acknowledgedAt: options.ackAfter === undefined ? null : at(triggered + options.ackAfter),
    resolvedAt: options.resolveAfter === undefined ? null : at(triggered + options.resolveAfter),
  };
}

describe('median', () => {
  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });

  it('is the middle value of an odd count, regardless of order', () => {
    expect(median([30, 10, 20])).toBe(20);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(median([40, 10, 30, 20])).toBe(25);
  });

  it('sorts numerically, not as strings', () => {
    // 100 sorts before 9 as a string
    expect(median([9, 100, 20])).toBe(20);
  });

  it('does not reorder its input', () => {
    // Prepare
    const values = [3, 1, 2];

    // Act
    median(values);

    // Assess
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('mean', () => {
  it('is null for no values', () => {
    expect(mean([])).toBeNull();
  });

  it('averages the values', () => {
    expect(mean([60, 120, 300])).toBe(160);
  });
});

describe('computeStats', () => {
  it('reports zeros and null durations for no incidents, with every status and severity present', () => {
    // Act
    const stats = computeStats([]);

    // Assess
    expect(stats).toEqual({
      total: 0,
      byStatus: { TRIGGERED: 0, ACKNOWLEDGED: 0, RESOLVED: 0 },
      bySeverity: { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 },
      timeToAcknowledge: { count: 0, meanSeconds: null, medianSeconds: null },
      timeToResolve: { count: 0, meanSeconds: null, medianSeconds: null },
    });
  });

  it('counts incidents by status and by severity', () => {
    // Prepare
    const incidents = [
      incident({ status: 'TRIGGERED', severity: 'SEV1' }),
      incident({ status: 'ACKNOWLEDGED', severity: 'SEV1', ackAfter: 10 }),
      incident({ status: 'RESOLVED', severity: 'SEV2', resolveAfter: 10 }),
      incident({ status: 'RESOLVED', severity: 'SEV4', ackAfter: 5, resolveAfter: 10 }),
    ];

    // Act
    const stats = computeStats(incidents);

    // Assess
    expect(stats.total).toBe(4);
    expect(stats.byStatus).toEqual({ TRIGGERED: 1, ACKNOWLEDGED: 1, RESOLVED: 2 });
    expect(stats.bySeverity).toEqual({ SEV1: 2, SEV2: 1, SEV3: 0, SEV4: 1 });
  });

  it('computes mean and median time to acknowledge over an odd count, skipping unacknowledged incidents', () => {
    // Prepare: 60 s, 120 s, 600 s to acknowledge; one never acknowledged
    const incidents = [
      incident({ ackAfter: 600, status: 'ACKNOWLEDGED' }),
      incident({ ackAfter: 60, status: 'ACKNOWLEDGED' }),
      incident({ status: 'TRIGGERED' }),
      incident({ ackAfter: 120, status: 'ACKNOWLEDGED' }),
    ];

    // Act
    const { timeToAcknowledge } = computeStats(incidents);

    // Assess
    expect(timeToAcknowledge).toEqual({ count: 3, meanSeconds: 260, medianSeconds: 120 });
  });

  it('computes mean and median time to resolve over an even count', () => {
    // Prepare: 100, 200, 400, 1000 s to resolve
    const incidents = [100, 1000, 200, 400].map((seconds) => incident({ status: 'RESOLVED', resolveAfter: seconds }));

    // Act
    const { timeToResolve, timeToAcknowledge } = computeStats(incidents);

    // Assess
    expect(timeToResolve).toEqual({ count: 4, meanSeconds: 425, medianSeconds: 300 });
    expect(timeToAcknowledge).toEqual({ count: 0, meanSeconds: null, medianSeconds: null });
  });

  it('keeps sub-second precision', () => {
    // Prepare
    const incidents = [incident({ status: 'ACKNOWLEDGED', ackAfter: 1.5 })];

    // Act + Assess
    expect(computeStats(incidents).timeToAcknowledge.meanSeconds).toBe(1.5);
  });

  it('ignores durations that end before the incident was triggered, or are unparsable', () => {
    // Prepare
    const incidents: IncidentForStats[] = [
      incident({ status: 'ACKNOWLEDGED', ackAfter: -30 }),
      { ...incident({ status: 'ACKNOWLEDGED' }), acknowledgedAt: 'not a date' },
      incident({ status: 'ACKNOWLEDGED', ackAfter: 90 }),
    ];

    // Act
    const { timeToAcknowledge } = computeStats(incidents);

    // Assess
    expect(timeToAcknowledge).toEqual({ count: 1, meanSeconds: 90, medianSeconds: 90 });
  });

  describe('since', () => {
    const incidents = [
      incident({ triggeredAfter: -3600, severity: 'SEV1', status: 'RESOLVED', resolveAfter: 1000 }),
      incident({ triggeredAfter: 0, severity: 'SEV2', status: 'RESOLVED', resolveAfter: 100 }),
      incident({ triggeredAfter: 60, severity: 'SEV3', status: 'TRIGGERED' }),
    ];

    it('keeps only incidents triggered at or after since (inclusive)', () => {
      // Act
      const stats = computeStats(incidents, at(0));

      // Assess
      expect(stats.total).toBe(2);
      expect(stats.bySeverity).toEqual({ SEV1: 0, SEV2: 1, SEV3: 1, SEV4: 0 });
      expect(stats.timeToResolve).toEqual({ count: 1, meanSeconds: 100, medianSeconds: 100 });
    });

    it('compares instants, not strings: an offset since is honoured', () => {
      // Prepare: T0 expressed in UTC+02:00
      const sinceWithOffset = '2026-04-01T14:00:00+02:00';

      // Act
      const stats = computeStats(incidents, sinceWithOffset);

      // Assess
      expect(stats.total).toBe(2);
    });

    it.each([[undefined], [null], ['']])('includes everything when since is absent (%j)', (since) => {
      // Act + Assess
      expect(computeStats(incidents, since).total).toBe(3);
    });

    it('rejects a since that is not a date-time', () => {
      // Act + Assess
      expect(() => computeStats(incidents, 'yesterday')).toThrow('since is not a date-time: yesterday');
    });
  });
});
