import type { Logger } from '../../reporter';
import type { ResolverContext } from '../runtime/types';
import { MappingTemplateError } from '../errors';

/** One data-source call, as the resolver runner hands it over. */
export interface DataSourceCall {
  /** The evaluated request template / `request` handler value. */
  request: unknown;
  context: ResolverContext;
  /** `Type.field` being resolved, for logs and Lambda's caller tag. */
  field: string;
  /** Batches Lambda `BatchInvoke` calls of one resolver within one GraphQL request. */
  batchKey: string;
  maxBatchSize: number;
  requestId: string;
  log: Logger;
}

/** What a data source answers: `$ctx.result` and `$ctx.error` for the response handler. */
export interface DataSourceOutcome {
  result: unknown;
  error?: { message: string; type: string } | null;
}

export interface DataSource {
  invoke(call: DataSourceCall): Promise<DataSourceOutcome>;
}

/** Reads a field of a request object that must be a JSON object. */
export function requestObject(request: unknown, what: string): Record<string, unknown> {
  if (!request || typeof request !== 'object' || Array.isArray(request)) {
    throw new MappingTemplateError(`${what} must be a JSON object, got ${JSON.stringify(request)}`);
  }
  return request as Record<string, unknown>;
}
