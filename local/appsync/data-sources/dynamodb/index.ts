import type { DynamoDBService } from '../../../dynamodb/types';
import { DynamoDBError } from '../../../dynamodb/types';
import type { IamService } from '../../../iam/types';
import type { ServiceRegistry } from '../../../service';
import type { DataSourceConfig } from '../../api/config';
import { AppSyncFieldError, MappingTemplateError, NotImplementedLocallyError } from '../../errors';
import { RolePrincipal } from '../role-principal';
import { requestObject, type DataSource, type DataSourceCall, type DataSourceOutcome } from '../types';
import { ConditionFailure } from './conditions';
import { InvalidNextTokenError, type OperationContext } from './mapping';
import { DYNAMODB_OPERATIONS } from './operations';

/**
 * AMAZON_DYNAMODB: translates AppSync's DynamoDB request objects into DynamoDB API
 * calls on the local DynamoDB service, made as the data source's service role
 * (so its IAM policy is evaluated), and shapes results and errors as AppSync does.
 */
export class DynamoDBDataSource implements DataSource {
  private role?: RolePrincipal;

  constructor(private readonly config: DataSourceConfig, private readonly services: ServiceRegistry) {}

  async invoke(call: DataSourceCall): Promise<DataSourceOutcome> {
    const request = requestObject(call.request, `The request to DynamoDB data source ${this.config.name}`);
    const operationName = String(request.operation);
    const operation = DYNAMODB_OPERATIONS[operationName];
    if (!operation) {
      if (operationName === 'Sync') throw new NotImplementedLocallyError('The DynamoDB Sync operation (versioned data sources)');
      throw new MappingTemplateError(`Unsupported operation '${operationName}' for DynamoDB data source ${this.config.name}`);
    }
    const dynamodb = this.services.find<DynamoDBService>('dynamodb');
    if (!dynamodb) {
      throw new AppSyncFieldError({ errorType: 'DynamoDB:ServiceNotRunning', message: `DynamoDB data source ${this.config.name} needs the local dynamodb service, which is not running in this local cloud` });
    }
    const caller = await this.caller(call);
    const ctx: OperationContext = {
      tableName: this.config.dynamodb!.tableName,
      version: String(request.version ?? '2018-05-29'),
      call: (name, input) => dynamodb.call(name, wireAttributeValues(input) as Record<string, unknown>, caller),
    };
    try {
      return { result: await operation(request, ctx), error: null };
    } catch (error) {
      if (error instanceof ConditionFailure) return { result: error.currentItem, error: this.error(error.cause, call.requestId) };
      if (error instanceof DynamoDBError) {
        const reasons = error.details.CancellationReasons as { Code?: string; Message?: string; Item?: Record<string, never> }[] | undefined;
        const result = reasons
          ? { keys: null, cancellationReasons: reasons.map((r) => ({ type: r.Code ?? 'None', message: r.Message ?? '' })) }
          : null;
        return { result, error: this.error(error, call.requestId) };
      }
      if (error instanceof InvalidNextTokenError) return { result: null, error: { type: error.errorType, message: error.message } };
      throw error;
    }
  }

  /** AppSync's form: type `DynamoDB:<Type>`, message with the service's request summary. */
  private error(error: DynamoDBError, requestId: string): { message: string; type: string } {
    return {
      type: `DynamoDB:${error.type}`,
      message: `${error.message} (Service: DynamoDb, Status Code: ${error.statusCode}, Request ID: ${requestId})`,
    };
  }

  private async caller(call: DataSourceCall) {
    if (!this.config.serviceRoleArn) return undefined;
    const iam = this.services.find<IamService>('iam');
    if (!iam) {
      call.log.debug(`DynamoDB data source ${this.config.name}: no local iam service, so its role ${this.config.serviceRoleArn} is not evaluated`);
      return undefined;
    }
    this.role ??= new RolePrincipal(iam, this.config.serviceRoleArn);
    return this.role.get();
  }
}

/**
 * Typed values as mapping templates write them, in DynamoDB's wire format, as AppSync
 * converts them before calling DynamoDB: numbers written as JSON numbers (`{"N": 1}`, as
 * `$util.dynamodb.toDynamoDBJson(1)` renders them) become strings, and the typed null
 * `toNull()` returns (`{"NULL": null}`, as AWS documents it) becomes `{"NULL": true}`, the
 * only null DynamoDB accepts. (A map attribute named NULL holds a typed value, never null.)
 */
export function wireAttributeValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(wireAttributeValues);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [type, inner] = entries[0];
    if (type === 'N' && typeof inner === 'number') return { N: String(inner) };
    if (type === 'NS' && Array.isArray(inner)) return { NS: inner.map((n) => String(n)) };
    if (type === 'NULL' && inner === null) return { NULL: true };
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, wireAttributeValues(inner)]));
}
