import type { CloudAssembly } from './assembly';
import type { EdgeServer } from './edge';
import type { Logger, Reporter } from './reporter';
import type { ServiceState } from './state';

/**
 * What every local service is given at start. Services find each other through
 * `services` (started before them in the orchestrator's order).
 */
export interface ServiceContext {
  assembly: CloudAssembly;
  edge: EdgeServer;
  /** The edge URL, e.g. `http://127.0.0.1:4566`. */
  endpoint: string;
  /** This service's part of the state store: its collections and engine directories (in memory with `--in-memory`). */
  state: ServiceState;
  reporter: Reporter;
  /** Logger tagged with the service name. */
  log: Logger;
  services: ServiceRegistry;
  /** The project directory (for hot reload of amplify/ sources). */
  projectDir: string;
}

/**
 * A local stand-in for one AWS service. `start` is a no-op when the assembly
 * has none of its resources.
 */
export interface LocalService {
  /** Short name: `dynamodb`, `cognito`, `appsync`… */
  readonly name: string;
  /** CloudFormation resource types this service runs or consumes. */
  readonly resourceTypes: readonly string[];
  start(context: ServiceContext): Promise<void>;
  stop(): Promise<void>;
  /** Lines for the start-up table: what runs, e.g. `3 tables`. */
  summary?(): string;
  /**
   * Called once the whole local cloud is up (every service started, outputs built): work a
   * deployment starts after it completes, such as a secret's first rotation, begins here.
   */
  ready?(): void;
}

/** Started services by name; a lookup of a missing one is an error naming it. */
export class ServiceRegistry {
  private readonly byName = new Map<string, LocalService>();

  add(service: LocalService): void {
    this.byName.set(service.name, service);
  }

  /** The service, or undefined when this local cloud does not run it. */
  find<T extends LocalService>(name: string): T | undefined {
    return this.byName.get(name) as T | undefined;
  }

  get<T extends LocalService>(name: string): T {
    const service = this.find<T>(name);
    if (!service) throw new Error(`The local ${name} service is not running in this local cloud`);
    return service;
  }

  all(): LocalService[] {
    return [...this.byName.values()];
  }
}
