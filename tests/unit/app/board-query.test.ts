import { describe, expect, it } from 'vitest';
import { applyView, DEFAULT_VIEW, readView, writeView } from '../../../app/src/lib/board-query';
import type { Incident } from '../../../app/src/lib/client';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const incident = (overrides: Partial<Incident>): Incident =>
  ({ id: 'i', title: 'T', severity: 'SEV3', status: 'TRIGGERED', serviceId: 's1', triggeredAt: '2026-06-01T11:00:00Z', ...overrides }) as Incident;

describe('the board view in the URL', () => {
  it('round-trips every filter, the search and the sort; defaults leave the URL plain', () => {
    const view = { service: 's2', status: 'RESOLVED', severity: 'SEV1', mine: true, q: 'db timeout', sort: 'longest' as const };
    expect(readView(writeView(view))).toEqual(view);
    expect(writeView(DEFAULT_VIEW).toString()).toBe('');
    expect(readView(new URLSearchParams('sort=bogus')).sort).toBe('newest');
  });
});

describe('applyView', () => {
  const incidents = [
    incident({ id: 'a', title: 'Checkout 5xx', severity: 'SEV2', triggeredAt: '2026-06-01T10:00:00Z', commander: 'ana@example.com' }),
    incident({ id: 'b', title: 'Slow search', severity: 'SEV1', serviceId: 's2', triggeredAt: '2026-06-01T11:30:00Z', scribe: 'user-ana' }),
    incident({ id: 'c', title: 'Old outage', status: 'RESOLVED', triggeredAt: '2026-05-01T10:00:00Z', resolvedAt: '2026-05-01T10:05:00Z' }),
  ];
  const name = (id: string) => (id === 's1' ? 'Checkout API' : 'Search');
  const ids = (view: Partial<typeof DEFAULT_VIEW>, me: string[] = []) => applyView(incidents, { ...DEFAULT_VIEW, ...view }, me, name, NOW).map((i) => i.id);

  it('shows open incidents newest first by default', () => {
    expect(ids({})).toEqual(['b', 'a']);
  });

  it('filters by service, status and severity, and searches titles and service names word by word', () => {
    expect(ids({ service: 's2' })).toEqual(['b']);
    expect(ids({ status: 'RESOLVED' })).toEqual(['c']);
    expect(ids({ status: '', severity: 'SEV2' })).toEqual(['a']);
    expect(ids({ status: '', q: 'checkout 5XX' })).toEqual(['a']);
    expect(ids({ status: '', q: 'search' })).toEqual(['b']);
  });

  it('"mine" keeps incidents where the person holds any role, by e-mail or username', () => {
    expect(ids({ mine: true }, ['ana@example.com', 'user-ana'])).toEqual(['b', 'a']);
    expect(ids({ mine: true }, ['bo@example.com'])).toEqual([]);
  });

  it('sorts by severity and by how long incidents have been open', () => {
    expect(ids({ status: '', sort: 'severity' })).toEqual(['b', 'a', 'c']);
    expect(ids({ status: '', sort: 'longest' })).toEqual(['a', 'b', 'c']);
    expect(ids({ status: '', sort: 'oldest' })).toEqual(['c', 'a', 'b']);
  });
});
