import type { DeleteParametersRequest, DeleteParametersResult } from '@aws-sdk/client-ssm';
import { defineOperation } from '../../kit';
import type { SsmCall } from '../context';
import { nameFromArnOrName, parameterArn } from '../parameter-names';
import { PARAMETER_NAMES } from './members';

/**
 * `AmazonSSM.DeleteParameters`: up to 10 names; those deleted are listed in DeletedParameters,
 * those that did not exist in InvalidParameters (not an error). What `ampx sandbox secret remove`
 * calls for several secrets.
 */
export const deleteParameters = defineOperation<DeleteParametersRequest, DeleteParametersResult, SsmCall>({
  name: 'DeleteParameters',
  input: { type: 'structure', members: { Names: { ...PARAMETER_NAMES, required: true } } },
  async handle(input, call) {
    call.authorize(input.Names.map((reference) => parameterArn(nameFromArnOrName(reference))));
    const deleted: string[] = [];
    const invalid: string[] = [];
    for (const reference of input.Names) {
      const existed = await call.parameters.update(nameFromArnOrName(reference), (existing) => ({ next: undefined, result: existing !== undefined }));
      (existed ? deleted : invalid).push(reference);
    }
    return { DeletedParameters: deleted, InvalidParameters: invalid };
  },
});
