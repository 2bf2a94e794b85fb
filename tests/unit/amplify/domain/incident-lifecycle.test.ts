import { describe, expect, it } from 'vitest';
import {
  IllegalTransitionError,
  IncidentNotFoundError,
  LifecycleAction,
  MAX_RESOLUTION_LENGTH,
  ValidationError,
  planTransition,
  validateResolution,
} from '../../../../amplify/domain/incident-lifecycle';

/** Runs `act` and returns what it threw; fails the test when it does not throw. */
function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('planTransition', () => {
  describe('legal transitions', () => {
    it('acknowledges a TRIGGERED incident, stamping acknowledgedAt and logging ACKNOWLEDGED', () => {
      // Act
      const plan = planTransition('TRIGGERED', LifecycleAction.ACKNOWLEDGE);

      // Assess
      expect(plan).toEqual({ from: 'TRIGGERED', to: 'ACKNOWLEDGED', timestampField: 'acknowledgedAt', timelineKind: 'ACKNOWLEDGED' });
    });

    it.each(['TRIGGERED', 'ACKNOWLEDGED'])('resolves a %s incident, stamping resolvedAt and logging RESOLVED', (from) => {
      // Act
      const plan = planTransition(from, LifecycleAction.RESOLVE);

      // Assess
      expect(plan).toEqual({ from, to: 'RESOLVED', timestampField: 'resolvedAt', timelineKind: 'RESOLVED' });
    });
  });

  describe('illegal transitions', () => {
    it.each([
      ['ACKNOWLEDGED', LifecycleAction.ACKNOWLEDGE, 'Cannot acknowledge an incident that is ACKNOWLEDGED'],
      ['RESOLVED', LifecycleAction.ACKNOWLEDGE, 'Cannot acknowledge an incident that is RESOLVED'],
      ['RESOLVED', LifecycleAction.RESOLVE, 'Cannot resolve an incident that is RESOLVED'],
      ['UNKNOWN', LifecycleAction.RESOLVE, 'Cannot resolve an incident that is UNKNOWN'],
      ['', LifecycleAction.ACKNOWLEDGE, 'Cannot acknowledge an incident that is '],
    ])('refuses %s → %s', (from, action, message) => {
      // Act
      const error = thrownBy(() => planTransition(from, action));

      // Assess
      expect(error).toBeInstanceOf(IllegalTransitionError);
      expect(error).toMatchObject({ message, from, action, errorType: 'IllegalTransition', name: 'IllegalTransitionError' });
    });

    it('matches statuses exactly (no case folding)', () => {
      // Act + Assess
      expect(() => planTransition('triggered', LifecycleAction.ACKNOWLEDGE)).toThrow(IllegalTransitionError);
    });
  });
});

describe('validateResolution', () => {
  it('returns the trimmed text', () => {
    // Act
    const text = validateResolution('  Rolled back the deploy.\n');

    // Assess
    expect(text).toBe('Rolled back the deploy.');
  });

  it.each([[undefined], [null], [''], ['   \n\t ']])('rejects a missing or blank resolution (%j)', (resolution) => {
    // Act
    const error = thrownBy(() => validateResolution(resolution));

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      message: 'A resolution is required to resolve an incident',
      errorType: 'ValidationError',
      name: 'ValidationError',
    });
  });

  it('accepts exactly the maximum length', () => {
    // Prepare
    const longest = 'x'.repeat(MAX_RESOLUTION_LENGTH);

    // Act + Assess
    expect(validateResolution(longest)).toHaveLength(4000);
  });

  it('rejects one character over the maximum, naming the length it got', () => {
    // Prepare
    const tooLong = 'x'.repeat(MAX_RESOLUTION_LENGTH + 1);

    // Act
    const error = thrownBy(() => validateResolution(tooLong));

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe('A resolution is at most 4000 characters (got 4001)');
  });

  it('measures the length after trimming', () => {
    // Prepare: the limit plus surrounding whitespace
    const padded = `  ${'x'.repeat(MAX_RESOLUTION_LENGTH)}  `;

    // Act + Assess
    expect(validateResolution(padded)).toHaveLength(MAX_RESOLUTION_LENGTH);
  });
});

describe('IncidentNotFoundError', () => {
  it('names the incident and carries the NotFound error type', () => {
    // Act
    const error = new IncidentNotFoundError('inc-42');

    // Assess
    expect(error).toMatchObject({ message: 'Incident inc-42 not found', errorType: 'NotFound', incidentId: 'inc-42' });
  });
});
