/**
 * What a management operation is handed, and the shape every operation has: the API it
 * belongs to (`v1` is `apigateway`, `v2` is `apigatewayv2`), its AWS name, and what it answers.
 */
import type { HttpApiModel } from '../http/model';
import type { RestApiModel } from '../rest/model';
import type { UsagePlans } from '../rest/usage-plans';

/** The APIs the local API Gateway runs, as the management operations read them. */
export interface ApiGatewayModels {
  httpApis: readonly HttpApiModel[];
  restApis: readonly RestApiModel[];
  usagePlans: UsagePlans;
}

export interface ManagementCall {
  /** The path's labels (`restApiId`, `ApiId`…), decoded. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  models: ApiGatewayModels;
}

export interface ManagementOperation {
  readonly name: string;
  readonly api: 'v1' | 'v2';
  /** All management reads are `apigateway:GET` on the resource's ARN. */
  readonly action: string;
  /** The response body (JSON, in the API's wire names). Throws ManagementError. */
  handle(call: ManagementCall): unknown;
}

/** Declares a read operation of one of the APIs. */
export function defineRead(api: 'v1' | 'v2', name: string, handle: (call: ManagementCall) => unknown): ManagementOperation {
  return { name, api, action: 'apigateway:GET', handle };
}
