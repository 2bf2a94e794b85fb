import { describe, expect, it } from 'vitest';
import {
  alertIncidentId,
  MAX_FINGERPRINT_LENGTH,
  MAX_TITLE_LENGTH,
  decideAlert,
  validateAlert,
  type AlertInput,
  type OpenIncidentRef,
} from '../../../../amplify/domain/alert-dedup';

function incidentRef(overrides: Partial<OpenIncidentRef> = {}): OpenIncidentRef {
  return { id: 'inc-1', status: 'TRIGGERED', triggeredAt: '2026-03-01T10:00:00.000Z', ...overrides };
}

function alertInput(overrides: Partial<AlertInput> = {}): Partial<AlertInput> {
  return { fingerprint: 'db-cpu-high', serviceId: 'svc-db', title: 'CPU above 90%', severity: 'SEV2', ...overrides };
}

describe('decideAlert', () => {
  it('creates an incident when nothing shares the fingerprint', () => {
    // Act + Assess
    expect(decideAlert([])).toEqual({ kind: 'CREATE' });
  });

  it('appends to the only open incident and counts the alert', () => {
    // Prepare
    const open = incidentRef({ id: 'inc-open' });

    // Act
    const decision = decideAlert([open]);

    // Assess
    expect(decision).toEqual({ kind: 'APPEND', incidentId: 'inc-open' });
  });

  it('appends to an ACKNOWLEDGED incident too (still open)', () => {
    // Act
    const decision = decideAlert([incidentRef({ id: 'inc-ack', status: 'ACKNOWLEDGED' })]);

    // Assess
    expect(decision).toEqual({ kind: 'APPEND', incidentId: 'inc-ack' });
  });

  it('chooses the newest open incident, whatever the input order', () => {
    // Prepare
    const older = incidentRef({ id: 'older', triggeredAt: '2026-03-01T10:00:00.000Z' });
    const newest = incidentRef({ id: 'newest', status: 'ACKNOWLEDGED', triggeredAt: '2026-03-03T08:00:00.000Z' });
    const middle = incidentRef({ id: 'middle', triggeredAt: '2026-03-02T23:59:59.999Z' });

    // Act
    const decision = decideAlert([older, newest, middle]);

    // Assess
    expect(decision).toEqual({ kind: 'APPEND', incidentId: 'newest' });
  });

  it('ignores resolved incidents, even newer ones', () => {
    // Prepare
    const resolvedNewer = incidentRef({ id: 'resolved', status: 'RESOLVED', triggeredAt: '2026-03-05T00:00:00.000Z' });
    const openOlder = incidentRef({ id: 'open', status: 'TRIGGERED', triggeredAt: '2026-03-01T00:00:00.000Z' });

    // Act
    const decision = decideAlert([resolvedNewer, openOlder]);

    // Assess
    expect(decision).toEqual({ kind: 'APPEND', incidentId: 'open' });
  });

  it('creates a new incident when every match is resolved', () => {
    // Prepare
    const matches = [
      incidentRef({ id: 'a', status: 'RESOLVED' }),
      incidentRef({ id: 'b', status: 'RESOLVED', triggeredAt: '2026-03-09T00:00:00.000Z' }),
    ];

    // Act + Assess
    expect(decideAlert(matches)).toEqual({ kind: 'CREATE' });
  });

  it('does not reorder the caller’s array', () => {
    // Prepare
    const matches = [incidentRef({ id: 'old', triggeredAt: '2026-01-01T00:00:00.000Z' }), incidentRef({ id: 'new', triggeredAt: '2026-02-01T00:00:00.000Z' })];

    // Act
    decideAlert(matches);

    // Assess
    expect(matches.map((m) => m.id)).toEqual(['old', 'new']);
  });
});

describe('validateAlert', () => {
  it('accepts a complete alert', () => {
    // Act + Assess
    expect(validateAlert(alertInput())).toEqual([]);
  });

  it('accepts optional description and source being absent or null', () => {
    // Act + Assess
    expect(validateAlert(alertInput({ description: null, source: null }))).toEqual([]);
  });

  it('lists every problem of an empty alert, in field order', () => {
    // Act
    const problems = validateAlert({});

    // Assess
    expect(problems).toEqual([
      'fingerprint is required',
      'serviceId is required',
      'title is required',
      'severity must be one of SEV1, SEV2, SEV3, SEV4',
    ]);
  });

  it.each([
    ['fingerprint', { fingerprint: '   ' }, 'fingerprint is required'],
    ['serviceId', { serviceId: ' ' }, 'serviceId is required'],
    ['title', { title: '\t\n' }, 'title is required'],
  ])('treats a blank %s as missing', (_field, overrides, problem) => {
    // Act + Assess
    expect(validateAlert(alertInput(overrides))).toEqual([problem]);
  });

  it('limits the fingerprint length (after trimming)', () => {
    // Prepare
    const atLimit = ` ${'f'.repeat(MAX_FINGERPRINT_LENGTH)} `;
    const overLimit = 'f'.repeat(MAX_FINGERPRINT_LENGTH + 1);

    // Act + Assess
    expect(validateAlert(alertInput({ fingerprint: atLimit }))).toEqual([]);
    expect(validateAlert(alertInput({ fingerprint: overLimit }))).toEqual(['fingerprint is at most 256 characters']);
  });

  it('limits the title length (after trimming)', () => {
    // Prepare
    const atLimit = `${'t'.repeat(MAX_TITLE_LENGTH)}  `;
    const overLimit = 't'.repeat(MAX_TITLE_LENGTH + 1);

    // Act + Assess
    expect(validateAlert(alertInput({ title: atLimit }))).toEqual([]);
    expect(validateAlert(alertInput({ title: overLimit }))).toEqual(['title is at most 200 characters']);
  });

  it.each(['SEV0', 'SEV5', 'sev1', ''])('rejects severity %j', (severity) => {
    // Act
    const problems = validateAlert(alertInput({ severity: severity as AlertInput['severity'] }));

    // Assess
    expect(problems).toEqual(['severity must be one of SEV1, SEV2, SEV3, SEV4']);
  });

  it.each(['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const)('accepts severity %s', (severity) => {
    // Act + Assess
    expect(validateAlert(alertInput({ severity }))).toEqual([]);
  });
});

describe('alertIncidentId', () => {
  it('is the same for one fingerprint and generation, and differs across either', () => {
    // Act
    const id = alertIncidentId('checkout-5xx', 0);

    // Assess
    expect(alertIncidentId('checkout-5xx', 0)).toBe(id);
    expect(new Set([id, alertIncidentId('checkout-5xx', 1), alertIncidentId('checkout-5xy', 0), alertIncidentId('0\ncheckout-5xx', 0)]).size).toBe(4);
  });

  it('has a UUID’s form (version 5, RFC 4122 variant)', () => {
    expect(alertIncidentId('a', 3)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
