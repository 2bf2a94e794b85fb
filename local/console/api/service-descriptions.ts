import type { ConsoleHost } from '../host';

export interface ServiceDescription {
  name: string;
  /** Resources of the assembly of the types this service runs (0 for services that run none of their own). */
  resources: number;
  /** Its line of the start-up table. */
  summary: string;
}

/** The running services, in start order, with what they hold. */
export function describeServices(host: ConsoleHost): ServiceDescription[] {
  const counts = new Map<string, number>();
  for (const resource of host.assembly.resources()) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  return host.services().all().map((service) => ({
    name: service.name,
    resources: service.resourceTypes.reduce((sum, type) => sum + (counts.get(type) ?? 0), 0),
    summary: service.summary?.() ?? 'running',
  }));
}
