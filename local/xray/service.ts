import { RestJsonService, type RestJsonOperation } from '../edge';
import { authenticateRequest, authorizeRequest, restJsonAuthError } from '../iam';
import type { IamService, Principal } from '../iam/types';
import type { Logger } from '../reporter';
import type { LocalService, ServiceContext } from '../service';
import type { SegmentDocument, SegmentSink } from '../tracing';
import type { XrayApi } from './context';
import { XrayDaemon } from './daemon';
import { xrayOperations } from './operations';
import { Sampler } from './sampling';
import { TraceStore } from './trace-store';

export interface XrayServiceOptions {
  /** The daemon's UDP port on loopback; 0 (the default) picks a free one, so two clouds can run side by side. */
  daemonPort?: number;
  /** The sampler for requests that arrive without a decision (tests pass one with a fixed clock and draw). */
  sampler?: Sampler;
}

/** REST-JSON timestamps are epoch seconds on the wire. */
function epochSeconds(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(epochSeconds);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, epochSeconds(item)]));
  return value;
}

/**
 * The local AWS X-Ray: the traces other services and functions record, the API that reads them
 * (REST-JSON at the edge, under IAM), and the daemon's UDP listener functions send segments to.
 * It holds no resources of the assembly: like X-Ray in an account, it is always there.
 */
export class XrayService implements LocalService, SegmentSink {
  readonly name = 'xray';
  readonly resourceTypes = [] as const;
  private store?: TraceStore;
  private daemon?: XrayDaemon;
  private readonly sampler: Sampler;
  private log?: Logger;

  constructor(private readonly options: XrayServiceOptions = {}) {
    this.sampler = options.sampler ?? new Sampler();
  }

  /** `127.0.0.1:<port>`: what functions get as `AWS_XRAY_DAEMON_ADDRESS`. */
  get daemonAddress(): string | undefined {
    return this.daemon?.address;
  }

  async start(context: ServiceContext): Promise<void> {
    const store = await TraceStore.open(await context.state.directory('traces'));
    this.store = store;
    const log = context.log;
    this.log = log;
    this.daemon = await XrayDaemon.listen({
      port: this.options.daemonPort ?? 0,
      log,
      ingest: (documents, texts) => {
        store.add(documents, texts).catch((error: Error) => log.error(`X-Ray: segments from the daemon were not written: ${error.message}`));
      },
    });
    const api: XrayApi = {
      store,
      sampler: this.sampler,
      now: () => Date.now(),
      authorize: (call, action) => authorizeRequest(context.services.find<IamService>('iam'), call.principal as Principal | undefined, { action, resource: '*' }),
    };
    const operations = xrayOperations(api).map((operation): RestJsonOperation => ({ ...operation, handle: async (call) => epochSeconds(await operation.handle(call)) }));
    const rest = new RestJsonService({
      name: 'xray',
      scopeService: 'xray',
      pathPrefixes: [...new Set(operations.map((operation) => operation.path.source.replace(/^\^|\$$/g, '').replaceAll('\\', '')))],
      operations,
      log,
      messageKey: 'Message',
      authenticate: (request, body) => {
        const iam = context.services.find<IamService>('iam');
        return iam ? authenticateRequest(iam, request, body, restJsonAuthError) : undefined;
      },
    });
    context.edge.addRoute(rest.route());
  }

  record(documents: readonly SegmentDocument[]): void {
    const store = this.store;
    if (!store) return;
    const complete = documents.filter((document): document is SegmentDocument & { trace_id: string } => typeof document.trace_id === 'string');
    store.add(complete).catch((error: Error) => this.log?.error(`X-Ray: segments of the local cloud were not written: ${error.message}`));
  }

  sample(): boolean {
    return this.sampler.sample();
  }

  summary(): string {
    return `daemon udp ${this.daemon?.address ?? '(not started)'}, ${this.store?.size ?? 0} traces kept`;
  }

  async stop(): Promise<void> {
    await this.daemon?.close();
    await this.store?.settled();
  }
}

/** The local X-Ray service. */
export function createXrayService(options: XrayServiceOptions = {}): XrayService {
  return new XrayService(options);
}
