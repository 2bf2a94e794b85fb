import type { DeleteParameterRequest, DeleteParameterResult } from '@aws-sdk/client-ssm';
import { defineOperation } from '../../kit';
import type { SsmCall } from '../context';
import { SsmErrors } from '../errors';
import { nameFromArnOrName, parameterArn } from '../parameter-names';
import { PARAMETER_NAME } from './members';

/** `AmazonSSM.DeleteParameter`: the parameter and all its versions; ParameterNotFound when there is none. */
export const deleteParameter = defineOperation<DeleteParameterRequest, DeleteParameterResult, SsmCall>({
  name: 'DeleteParameter',
  input: { type: 'structure', members: { Name: { ...PARAMETER_NAME, required: true } } },
  handle(input, call) {
    const name = nameFromArnOrName(input.Name);
    call.authorize(parameterArn(name));
    return call.parameters.update(name, (existing) => {
      if (!existing) throw SsmErrors.parameterNotFound(input.Name);
      return { next: undefined, result: {} };
    });
  },
});
