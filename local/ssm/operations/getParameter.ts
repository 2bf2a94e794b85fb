import type { GetParameterRequest, GetParameterResult } from '@aws-sdk/client-ssm';
import { defineOperation } from '../../kit';
import type { SsmCall } from '../context';
import { SsmErrors } from '../errors';
import { parseReference, parameterArn } from '../parameter-names';
import { parameterOutput } from '../parameter-output';
import { selectVersion } from '../parameter-store';
import { PARAMETER_NAME } from './members';

/** `AmazonSSM.GetParameter`: one parameter by name or ARN, optionally `:version` or `:label`. */
export const getParameter = defineOperation<GetParameterRequest, GetParameterResult, SsmCall>({
  name: 'GetParameter',
  input: {
    type: 'structure',
    members: {
      Name: { ...PARAMETER_NAME, required: true },
      WithDecryption: { type: 'boolean' },
    },
  },
  handle(input, call) {
    const { name, selector } = parseReference(input.Name);
    call.authorize(parameterArn(name));
    const parameter = call.parameters.get(name);
    if (!parameter) throw SsmErrors.parameterNotFound();
    const version = selectVersion(parameter, selector, SsmErrors);
    const secret = call.secrets.secretName(name);
    if (secret) call.log.debug(`secret ${secret} read (value not shown)`);
    return {
      Parameter: {
        ...parameterOutput(name, version, input.WithDecryption),
        ...(selector !== undefined && { Selector: `:${selector}` }),
      },
    };
  },
});
