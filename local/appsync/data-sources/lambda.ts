import type { IamService } from '../../iam/types';
import type { InvokeResult, LambdaService } from '../../lambda/types';
import type { ServiceRegistry } from '../../service';
import type { DataSourceConfig } from '../api/config';
import { AppSyncFieldError, MappingTemplateError } from '../errors';
import { RolePrincipal } from './role-principal';
import { requestObject, type DataSource, type DataSourceCall, type DataSourceOutcome } from './types';

interface PendingItem {
  payload: unknown;
  resolve(outcome: DataSourceOutcome): void;
  reject(error: unknown): void;
}

/**
 * AWS_LAMBDA: `Invoke` calls the function with the rendered payload; `BatchInvoke`
 * gathers the calls of one resolver made in the same tick of one request (up to
 * MaxBatchSize) into one invocation with a list payload and hands each caller its
 * element. A function error becomes `$ctx.error` with type `Lambda:Unhandled` and
 * the function's errorMessage, as AppSync reports it.
 */
export class LambdaDataSource implements DataSource {
  private readonly batches = new Map<string, PendingItem[]>();
  private role?: RolePrincipal;

  constructor(private readonly config: DataSourceConfig, private readonly services: ServiceRegistry) {}

  async invoke(call: DataSourceCall): Promise<DataSourceOutcome> {
    const request = requestObject(call.request, `The request to Lambda data source ${this.config.name}`);
    const operation = request.operation ?? 'Invoke';
    if (operation !== 'Invoke' && operation !== 'BatchInvoke') {
      throw new MappingTemplateError(`Unsupported operation '${String(operation)}' for Lambda data source ${this.config.name}`);
    }
    const lambda = this.services.find<LambdaService>('lambda');
    if (!lambda) {
      throw new AppSyncFieldError({
        errorType: 'Lambda:ServiceNotRunning',
        message: `Lambda data source ${this.config.name} (${this.config.lambda?.functionArn}) needs the local lambda service, which is not running in this local cloud`,
      });
    }
    await this.authorize(call);
    if (operation === 'BatchInvoke') return this.enqueue(lambda, call, request.payload ?? null);
    const invocationType = request.invocationType === 'Event' ? 'Event' : 'RequestResponse';
    const result = await lambda.invoke(this.config.lambda!.functionArn, request.payload ?? null, { invocationType, source: `appsync ${call.field}` });
    if (invocationType === 'Event') return { result: null, error: null };
    return outcome(result);
  }

  private enqueue(lambda: LambdaService, call: DataSourceCall, payload: unknown): Promise<DataSourceOutcome> {
    return new Promise((resolve, reject) => {
      let batch = this.batches.get(call.batchKey);
      if (!batch) {
        batch = [];
        this.batches.set(call.batchKey, batch);
        // Fields of one list resolve in the same tick; flush once they have all queued.
        setImmediate(() => this.flush(lambda, call, call.batchKey));
      }
      batch.push({ payload, resolve, reject });
    });
  }

  private flush(lambda: LambdaService, call: DataSourceCall, key: string): void {
    const pending = this.batches.get(key) ?? [];
    this.batches.delete(key);
    const size = call.maxBatchSize > 0 ? call.maxBatchSize : pending.length;
    for (let start = 0; start < pending.length; start += size) {
      const chunk = pending.slice(start, start + size);
      lambda
        .invoke(this.config.lambda!.functionArn, chunk.map((item) => item.payload), { source: `appsync ${call.field} (batch of ${chunk.length})` })
        .then((result) => {
          const whole = outcome(result);
          if (whole.error) return chunk.forEach((item) => item.resolve(whole));
          const results = Array.isArray(whole.result) ? whole.result : [];
          chunk.forEach((item, i) => {
            const element = results[i] as { data?: unknown; errorMessage?: string; errorType?: string } | undefined;
            // Batched functions may answer one element per item as { data, errorMessage, errorType }.
            if (element && typeof element === 'object' && ('errorMessage' in element || 'errorType' in element)) {
              item.resolve({ result: element.data ?? null, error: { message: element.errorMessage ?? 'Error', type: element.errorType ?? 'Lambda:Unhandled' } });
            } else if (element && typeof element === 'object' && 'data' in element && Object.keys(element).length === 1) {
              item.resolve({ result: element.data, error: null });
            } else {
              item.resolve({ result: element ?? null, error: null });
            }
          });
        })
        .catch((error) => chunk.forEach((item) => item.reject(error)));
    }
  }

  /** The data source's role must allow lambda:InvokeFunction on the function. */
  private async authorize(call: DataSourceCall): Promise<void> {
    const iam = this.services.find<IamService>('iam');
    if (!iam || !this.config.serviceRoleArn) return;
    this.role ??= new RolePrincipal(iam, this.config.serviceRoleArn);
    const principal = await this.role.get();
    const decision = iam.authorize(principal, { action: 'lambda:InvokeFunction', resource: this.config.lambda!.functionArn });
    if (!decision.allowed) {
      call.log.warn(`Lambda data source ${this.config.name}: role ${this.config.serviceRoleArn} may not invoke ${this.config.lambda!.functionArn} (${decision.reason})`);
      throw new AppSyncFieldError({
        errorType: 'Lambda:AccessDeniedException',
        message: `${principal.arn} is not authorized to perform: lambda:InvokeFunction on resource: ${this.config.lambda!.functionArn}`,
      });
    }
  }
}

function outcome(result: InvokeResult): DataSourceOutcome {
  if (result.functionError) {
    return { result: null, error: { message: result.error?.errorMessage ?? 'Lambda function failed', type: 'Lambda:Unhandled' } };
  }
  return { result: result.payload ?? null, error: null };
}
