export { ApiGatewayService, apiGatewayService } from './service';
export type { ApiGatewayModels } from './management/context';
export { EXECUTE_API_PREFIX } from './invoke/request';
