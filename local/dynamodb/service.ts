import { JsonProtocolService, JsonServiceError, type JsonOperation } from '../edge/json-protocol';
import { accessDeniedMessage, authenticateRequest } from '../iam';
import type { IamService, Principal } from '../iam/types';
import type { EdgeRequest } from '../edge';
import type { Logger } from '../reporter';
import type { ServiceContext } from '../service';
import { StateInUseError } from '../state';
import { Database } from './engine/database';
import { AccessDeniedException, namespaceOf, NotImplementedLocallyError, toWireError } from './errors';
import { NotImplementedFailure, UnknownOperationFailure, type OperationRegistry } from '../kit';
import { DYNAMODB_OPERATIONS, STREAMS_OPERATIONS, type Operation, type OperationContext, type RegisteredOperation } from './operations';
import { checkExpressionSizes } from './operations/expression-size';
import { checkAttributeNesting } from './operations/nesting';
import { StreamStore } from './streams/stream-store';
import { TABLE_RESOURCE_TYPES, tableDefinitions } from './tables/definitions';
import { provisionTables, type ProvisionOutcome } from './tables/provision';
import { sweepTokens } from './transactions/tokens';
import { TimeToLiveSweeper } from './ttl/sweeper';
import { DynamoDBError, type DynamoDBService, type DynamoDBStreamSource, type StreamListener, type StreamPosition, type StreamSubscription } from './types';

export interface DynamoDBOptions {
  /** The clock (epoch ms); tests move it to expire items, iterators and stream records. */
  now?: () => number;
  /** How often Time to Live looks for expired items. Default 5 s. */
  ttlIntervalMs?: number;
  /** How often stream records past 24 h and spent transaction tokens are removed. Default 10 min. */
  maintenanceIntervalMs?: number;
}

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';

/**
 * The local DynamoDB: the assembly's tables on dynalite, with transactions, streams and Time
 * to Live added, served on the edge (DynamoDB and DynamoDB Streams JSON protocols) and
 * in-process (`call`, `onStreamRecords`).
 */
export class LocalDynamoDBService implements DynamoDBService, DynamoDBStreamSource {
  readonly name = 'dynamodb' as const;
  readonly resourceTypes = TABLE_RESOURCE_TYPES;
  private readonly now: () => number;
  private database?: Database;
  private streams?: StreamStore;
  private sweeper?: TimeToLiveSweeper;
  private maintenance?: NodeJS.Timeout;
  private context?: ServiceContext;
  private outcomes: ProvisionOutcome[] = [];
  private saidAuthenticationIsOff = false;

  constructor(private readonly options: DynamoDBOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async start(context: ServiceContext): Promise<void> {
    this.context = context;
    const definitions = tableDefinitions(context.assembly);
    // LevelDB keeps its own files: a directory of the state store, under its lifecycle (reset, in memory).
    const location = await context.state.directory('tables');
    const database = await Database.open({ path: location, now: this.now, onAppend: (appended) => this.streams?.appended(appended) }).catch((error: Error & { cause?: { code?: string } }) => {
      if (error.cause?.code === 'LEVEL_LOCKED') throw new StateInUseError(location!);
      throw error;
    });
    this.database = database;
    this.streams = new StreamStore(database, context.log, this.now);
    this.sweeper = new TimeToLiveSweeper(database, context.log, this.now, this.options.ttlIntervalMs ?? 5000);
    try {
      this.outcomes = await provisionTables(definitions, { database, streams: this.streams, log: context.log, now: this.now });
    } catch (error) {
      // The orchestrator stops only services that started: release the state directory's lock here.
      await this.stop();
      throw error;
    }
    await this.maintain();
    this.maintenance = setInterval(() => void this.maintain(), this.options.maintenanceIntervalMs ?? 10 * 60 * 1000);
    this.maintenance.unref();
    this.sweeper.start();

    for (const [name, prefix, operations] of [
      ['dynamodb', 'DynamoDB_20120810', DYNAMODB_OPERATIONS],
      ['dynamodb streams', 'DynamoDBStreams_20120810', STREAMS_OPERATIONS],
    ] as const) {
      const protocol = new JsonProtocolService({
        name,
        targetPrefixes: [prefix],
        contentType: JSON_CONTENT_TYPE,
        operations: this.edgeOperations(operations),
        errorTypePrefix: namespaceOf,
        log: context.log,
        authenticate: (request, body) => this.authenticate(request, body),
      });
      context.edge.addRoute(protocol.route());
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.maintenance);
    await this.sweeper?.stop();
    this.streams?.closeAll();
    await this.database?.close();
    this.database = undefined;
  }

  summary(): string {
    const count = (action: ProvisionOutcome['action']) => this.outcomes.filter((o) => o.action === action);
    const changed = [...count('recreated'), ...count('reindexed')].map((o) => `${o.tableName} ${o.action}`);
    const streams = this.database?.streams().length ?? 0;
    const ttl = this.database?.ttlTables().length ?? 0;
    return [
      `${this.outcomes.length} tables (${count('created').length} created, ${count('kept').length} kept${changed.length ? `; ${changed.join(', ')}` : ''})`,
      `${streams} streams, ${ttl} with TTL; transactions, streams and TTL on dynalite`,
    ].join('; ');
  }

  /**
   * Runs a DynamoDB or DynamoDB Streams operation in-process, authorized for `caller` when given.
   * @example
   * const { Item } = await dynamodb.call('GetItem', { TableName: 'Todo', Key: { id: { S: '1' } } }, rolePrincipal);
   */
  async call(operation: string, input: Record<string, unknown>, caller?: Principal): Promise<Record<string, unknown>> {
    const registry = STREAMS_OPERATIONS.find(operation) ? STREAMS_OPERATIONS : DYNAMODB_OPERATIONS;
    return this.execute(resolve(registry, operation), input, caller, this.started().context.log);
  }

  /**
   * Subscribes to a table's stream records (see DynamoDBStreamSource).
   * @example
   * const subscription = dynamodb.onStreamRecords(tableArn, async (records, { streamArn }) => {
   *   await lambda.invoke(fn, { Records: records.map((r) => toLambdaStreamRecord(r, streamArn)) });
   * }, { from: 'TRIM_HORIZON', batchSize: 100 });
   * subscription.close();
   */
  onStreamRecords(table: string, listener: StreamListener, options?: { from?: StreamPosition; batchSize?: number }): StreamSubscription {
    return this.started().streams.subscribe(table, listener, options);
  }

  private started(): { database: Database; streams: StreamStore; sweeper: TimeToLiveSweeper; context: ServiceContext } {
    if (!this.database || !this.streams || !this.sweeper || !this.context) throw new Error('The local dynamodb service is not started');
    return { database: this.database, streams: this.streams, sweeper: this.sweeper, context: this.context };
  }

  private async maintain(): Promise<void> {
    try {
      const { database, streams } = this.started();
      await streams.trim();
      await sweepTokens(database, this.now());
    } catch (error) {
      this.context?.log.error(`DynamoDB maintenance (stream retention, transaction tokens) failed: ${(error as Error).stack ?? error}`);
    }
  }

  private execute(operation: Operation, input: Record<string, unknown>, principal: Principal | undefined, log: Logger): Promise<Record<string, unknown>> {
    const { database, streams, context } = this.started();
    const operationContext: OperationContext = {
      database,
      streams,
      now: this.now,
      log,
      endpoint: context.endpoint,
      authorize: principal ? (action, resource, conditionKeys) => this.authorize(principal, action, resource, conditionKeys) : () => undefined,
    };
    // Before anything reads the request's values (dynalite's validation copies them recursively).
    checkAttributeNesting(input);
    checkExpressionSizes(input);
    return operation(input, operationContext);
  }

  private iam(): IamService | undefined {
    const iam = this.context?.services.find<IamService>('iam');
    if (!iam && !this.saidAuthenticationIsOff) {
      this.saidAuthenticationIsOff = true;
      this.context?.log.debug('no local iam service: DynamoDB requests are accepted without authentication or authorization');
    }
    return iam;
  }

  private authenticate(request: EdgeRequest, body: Buffer): Principal | undefined {
    const iam = this.iam();
    return iam ? authenticateRequest(iam, request, body) : undefined;
  }

  private authorize(principal: Principal, action: string, resource: string, conditionKeys?: Record<string, string>): void {
    const iam = this.iam();
    if (!iam) return;
    const request = { action, resource, context: conditionKeys };
    const decision = iam.authorize(principal, request);
    if (!decision.allowed) throw new AccessDeniedException(accessDeniedMessage(principal, request, decision));
  }

  /** The operations as the edge runs them: errors in DynamoDB's wire form, bugs as InternalServerError. */
  private edgeOperations(registry: OperationRegistry<RegisteredOperation>): Record<string, JsonOperation> {
    return Object.fromEntries(
      registry.names().map((name) => [
        name,
        async (input, call) => {
          try {
            return await this.execute(resolve(registry, name), input, call.principal as Principal | undefined, call.log);
          } catch (error) {
            if (error instanceof DynamoDBError) throw toWireError(error);
            if (error instanceof JsonServiceError) throw error;
            call.log.error(`${name} failed: ${(error as Error).stack ?? error}`);
            throw new JsonServiceError('InternalServerError', `The local DynamoDB failed on ${name}: ${(error as Error).message}`, 500);
          }
        },
      ]),
    );
  }
}

/** The operation called `name`, or DynamoDB's errors for one it does not implement or know. */
function resolve(registry: OperationRegistry<RegisteredOperation>, name: string): Operation {
  try {
    return registry.resolve(name).handle;
  } catch (error) {
    if (error instanceof NotImplementedFailure) throw new NotImplementedLocallyError(error.operation, error.what);
    if (error instanceof UnknownOperationFailure) throw new DynamoDBError('UnknownOperationException', `The local DynamoDB has no operation ${name}`);
    throw error;
  }
}
