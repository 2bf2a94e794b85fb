import { describe, expect, it } from 'vitest';
import { sameNamed, serviceFields } from '../../../../amplify/domain/service-catalog';
import { TEXT_LIMITS } from '../../../../amplify/domain/text-limits';

describe('serviceFields', () => {
  it('trims text, empties optional fields and defaults the status', () => {
    expect(serviceFields({ name: '  API ', description: '   ', group: ' Core ' })).toEqual({ name: 'API', description: null, group: 'Core', status: 'OPERATIONAL' });
  });

  it('refuses blank or over-long names and unknown statuses, naming the rule', () => {
    expect(() => serviceFields({ name: ' \n ' })).toThrow('Name is required');
    expect(() => serviceFields({ name: 'x'.repeat(TEXT_LIMITS.serviceName + 1) })).toThrow(`Name is at most ${TEXT_LIMITS.serviceName} characters`);
    expect(() => serviceFields({ name: 'API', status: 'ON_FIRE' })).toThrow('Status must be one of');
  });

  it('keeps what an edit does not name', () => {
    const current = serviceFields({ name: 'API', description: 'Public API', group: 'Core', status: 'DEGRADED' });
    expect(serviceFields({ status: 'OPERATIONAL' }, current)).toEqual({ ...current, status: 'OPERATIONAL' });
  });
});

describe('sameNamed', () => {
  it('matches names regardless of case and spacing, except the service itself', () => {
    const services = [{ id: '1', name: 'Checkout  API' }, { id: '2', name: 'Search' }];
    expect(sameNamed(services, ' checkout api')?.id).toBe('1');
    expect(sameNamed(services, 'Checkout API', '1')).toBeUndefined();
    expect(sameNamed(services, 'Billing')).toBeUndefined();
  });
});
