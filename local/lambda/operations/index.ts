import { OperationRegistry } from '../../kit';
import { getFunction } from './getFunction';
import { invoke } from './invoke';
import { listEventSourceMappings } from './listEventSourceMappings';
import { listFunctions } from './listFunctions';
import { listTags } from './listTags';
import type { LambdaOperation } from './types';

/**
 * The Lambda API operations the local cloud answers (IAM `lambda:<Name>` unless stated), matched
 * by method and path in this order; any other request under the API's paths is
 * UnknownOperationException.
 */
export const LAMBDA_OPERATIONS = new OperationRegistry<LambdaOperation>({
  service: 'Lambda',
  iamPrefix: 'lambda',
  operations: [invoke, listFunctions, getFunction, listTags, listEventSourceMappings],
});

export type { LambdaCall, LambdaOperation } from './types';
