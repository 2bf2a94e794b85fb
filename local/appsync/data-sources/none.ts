import { requestObject, type DataSource, type DataSourceCall, type DataSourceOutcome } from './types';

/** NONE: the request's `payload` becomes `$ctx.result`. */
export class NoneDataSource implements DataSource {
  async invoke(call: DataSourceCall): Promise<DataSourceOutcome> {
    const request = requestObject(call.request, 'The request to a NONE data source');
    return { result: request.payload ?? null, error: null };
  }
}
