import { LambdaError } from '../../lambda/errors';
import type { LambdaLocalService } from '../../lambda/service';
import { ConsoleError } from '../errors';
import type { ConsoleEndpoint } from './index';

/**
 * `GET /functions/{name}/invocations`: a function's latest invocations, newest first, with
 * their logs, duration and result — what CloudWatch Logs holds on AWS (no local Logs API).
 */
export const invocations: ConsoleEndpoint = {
  method: 'GET',
  path: /^\/functions\/(?<name>[^/]+)\/invocations$/,
  handle({ host, params }) {
    const lambda = host.services().find<LambdaLocalService>('lambda');
    if (!lambda) throw ConsoleError.serviceNotRunning('lambda');
    let name: string;
    try {
      name = lambda.findFunction(params.name).name;
    } catch (error) {
      if (error instanceof LambdaError) throw ConsoleError.notFound(`Function ${params.name}`);
      throw error;
    }
    return { functionName: name, invocations: lambda.recentInvocations(name) };
  },
};
