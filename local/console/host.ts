import type { CloudAssembly } from '../assembly';
import type { EdgeServer } from '../edge';
import type { Logger } from '../reporter';
import type { ServiceRegistry } from '../service';
import type { RecentRecords } from './recent-records';

/** Where the console is served on the edge. Everything it answers lives under this path. */
export const CONSOLE_PATH = '/_flare/console';
/** The console's local endpoints, for what no AWS API offers. */
export const CONSOLE_API_PATH = `${CONSOLE_PATH}/api`;

/** What the local cloud hands the console: its parts, read at request time (a reset swaps the services). */
export interface ConsoleHost {
  edge: EdgeServer;
  /** The edge URL, e.g. `http://127.0.0.1:4566`. */
  endpoint: string;
  projectDir: string;
  assembly: CloudAssembly;
  /** Undefined with `--in-memory`. */
  stateDir?: string;
  /** Resource types of the assembly no local service runs, with counts. */
  notRun: ReadonlyMap<string, number>;
  recent: RecentRecords;
  /** The running services (a new registry after each reset). */
  services(): ServiceRegistry;
  /** Empties the state and starts every service again (see LocalCloud.reset). */
  reset(): Promise<void>;
  log: Logger;
}
