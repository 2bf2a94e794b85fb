import { describe, expect, it } from 'vitest';
import { daysWithoutIncident, historyStart, serviceHistory, type HistoryIncident } from '../../../app/src/lib/history';

const NOW = Date.parse('2026-06-30T15:00:00Z');
const incident = (overrides: Partial<HistoryIncident>): HistoryIncident => ({ id: 'i', title: 'T', severity: 'SEV3', serviceId: 's1', triggeredAt: '2026-06-30T10:00:00Z', ...overrides });

describe('serviceHistory', () => {
  it('has 90 UTC days ending today, oldest first', () => {
    const days = serviceHistory([], 's1', NOW);
    expect(days).toHaveLength(90);
    expect(days[0].date).toBe('2026-04-02');
    expect(days.at(-1)!.date).toBe('2026-06-30');
    expect(historyStart(NOW)).toBe('2026-04-02T00:00:00.000Z');
  });

  it('colours a day by its worst incident, counting every day an incident was open, and only the service’s own', () => {
    const days = serviceHistory(
      [
        incident({ id: 'a', severity: 'SEV3', triggeredAt: '2026-06-28T23:00:00Z', resolvedAt: '2026-06-29T01:00:00Z' }),
        incident({ id: 'b', severity: 'SEV1', triggeredAt: '2026-06-29T05:00:00Z', resolvedAt: '2026-06-29T06:00:00Z' }),
        incident({ id: 'c', severity: 'SEV2', triggeredAt: '2026-06-30T09:00:00Z' }),
        incident({ id: 'd', severity: 'SEV1', serviceId: 's2', triggeredAt: '2026-06-30T09:00:00Z' }),
      ],
      's1',
      NOW,
    );
    const byDate = Object.fromEntries(days.map((d) => [d.date, d]));
    expect(byDate['2026-06-28'].worst).toBe('SEV3');
    expect(byDate['2026-06-29'].worst).toBe('SEV1');
    expect(byDate['2026-06-29'].incidents.map((i) => i.id)).toEqual(['a', 'b']);
    expect(byDate['2026-06-30'].incidents.map((i) => i.id)).toEqual(['c']);
    expect(byDate['2026-06-27'].worst).toBeNull();
    expect(daysWithoutIncident(days)).toBe(((87 / 90) * 100).toFixed(1));
  });
});
