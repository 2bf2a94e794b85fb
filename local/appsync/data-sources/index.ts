import type { ServiceRegistry } from '../../service';
import type { DataSourceConfig } from '../api/config';
import { NotImplementedLocallyError } from '../errors';
import { DynamoDBDataSource } from './dynamodb';
import { HttpDataSource } from './http';
import { LambdaDataSource } from './lambda';
import { NoneDataSource } from './none';
import type { DataSource } from './types';

/** The data source for one `AWS::AppSync::DataSource`; unsupported types fail when called, naming the type. */
export function createDataSource(config: DataSourceConfig, services: ServiceRegistry): DataSource {
  switch (config.type) {
    case 'AMAZON_DYNAMODB':
      return new DynamoDBDataSource(config, services);
    case 'AWS_LAMBDA':
      return new LambdaDataSource(config, services);
    case 'NONE':
      return new NoneDataSource();
    case 'HTTP':
      return new HttpDataSource(config);
    default:
      return {
        invoke: async () => {
          throw new NotImplementedLocallyError(`The ${config.type} data source type (data source ${config.name})`);
        },
      };
  }
}

export type { DataSource, DataSourceCall, DataSourceOutcome } from './types';
