import type { LambdaOperation } from '../rest';
import { getFunction } from './getFunction';
import { invoke } from './invoke';
import { listFunctions } from './listFunctions';
import { listTags } from './listTags';

/** The Lambda API operations the local cloud answers, matched in this order. */
export const operations: readonly LambdaOperation[] = [invoke, listFunctions, getFunction, listTags];
