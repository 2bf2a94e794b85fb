import type { GetParametersRequest, GetParametersResult, Parameter } from '@aws-sdk/client-ssm';
import { defineOperation } from '../../kit';
import type { SsmCall } from '../context';
import { parseReference, parameterArn } from '../parameter-names';
import { parameterOutput } from '../parameter-output';
import { findVersion } from '../parameter-store';
import { PARAMETER_NAMES } from './members';

/** `AmazonSSM.GetParameters`: up to 10 names; the ones not found are listed in InvalidParameters. */
export const getParameters = defineOperation<GetParametersRequest, GetParametersResult, SsmCall>({
  name: 'GetParameters',
  input: {
    type: 'structure',
    members: {
      Names: { ...PARAMETER_NAMES, required: true },
      WithDecryption: { type: 'boolean' },
    },
  },
  handle(input, call) {
    const requested = input.Names.map((reference) => ({ reference, ...parseReference(reference) }));
    call.authorize(requested.map((item) => parameterArn(item.name)));
    const parameters: Parameter[] = [];
    const invalid: string[] = [];
    for (const item of requested) {
      const parameter = call.parameters.get(item.name);
      // A version or label that does not exist makes the name invalid here, not the request.
      const version = parameter && findVersion(parameter, item.selector);
      if (!version) {
        invalid.push(item.reference);
        continue;
      }
      const secret = call.secrets.secretName(item.name);
      if (secret) call.log.debug(`secret ${secret} read (value not shown)`);
      parameters.push({ ...parameterOutput(item.name, version, input.WithDecryption), ...(item.selector !== undefined && { Selector: `:${item.selector}` }) });
    }
    return { Parameters: parameters, InvalidParameters: invalid };
  },
});
