/**
 * What a service record may hold. Pure: the service-catalog handler and the app's forms
 * apply the same rules (text-limits.ts), and tests import it directly.
 */
import { optionalText, requireText, serviceNameKey, ValidationError } from './text-limits';

export const SERVICE_STATUSES = ['OPERATIONAL', 'DEGRADED', 'PARTIAL_OUTAGE', 'MAJOR_OUTAGE', 'MAINTENANCE'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export interface ServiceInput {
  name?: string | null;
  description?: string | null;
  group?: string | null;
  status?: string | null;
}

export interface ServiceFields {
  name: string;
  description: string | null;
  group: string | null;
  status: ServiceStatus;
}

/**
 * The fields to store for `input`, trimmed, or a ValidationError. An edit passes the stored
 * record as `current` and changes only what it names.
 * @example serviceFields({ name: ' API ', status: 'OPERATIONAL' }).name === 'API'
 */
export function serviceFields(input: ServiceInput, current?: ServiceFields): ServiceFields {
  const name = input.name === undefined && current ? current.name : requireText(input.name, 'Name', 'serviceName');
  const description = input.description === undefined && current ? current.description : (optionalText(input.description, 'Description', 'serviceDescription') ?? null);
  const group = input.group === undefined && current ? current.group : (optionalText(input.group, 'Group', 'serviceGroup') ?? null);
  const status = (input.status ?? current?.status ?? 'OPERATIONAL') as ServiceStatus;
  if (!SERVICE_STATUSES.includes(status)) throw new ValidationError(`Status must be one of ${SERVICE_STATUSES.join(', ')}`);
  return { name, description, group, status };
}

/** Thrown when another service already has the name (compared without case or extra spaces). */
export class ServiceNameTakenError extends Error {
  readonly errorType = 'ServiceNameTaken';
  constructor(readonly serviceName: string) {
    super(`A service named "${serviceName}" already exists: choose another name`);
    this.name = 'ServiceNameTakenError';
  }
}

/**
 * The service other than `exceptId` whose name is `name` once case and spacing are set aside.
 * @example sameNamed([{ id: '1', name: 'Checkout  API' }], 'checkout api')?.id === '1'
 */
export function sameNamed<T extends { id: string; name?: unknown }>(services: readonly T[], name: string, exceptId?: string): T | undefined {
  const key = serviceNameKey(name);
  return services.find((service) => service.id !== exceptId && typeof service.name === 'string' && serviceNameKey(service.name) === key);
}

export class ServiceNotFoundError extends Error {
  readonly errorType = 'NotFound';
  constructor(readonly serviceId: string) {
    super(`Service ${serviceId} no longer exists`);
    this.name = 'ServiceNotFoundError';
  }
}
