import type { ValidateStateMachineDefinitionInput, ValidateStateMachineDefinitionOutput } from '@aws-sdk/client-sfn';
import { LOCAL_ACCOUNT } from '../../assembly';
import { defineOperation } from '../../kit';
import type { StatesCall } from '../context';
import { validateDefinition } from '../definition';

/** asl-validator's findings as AWS's diagnostics (ERROR severity; asl-validator gives no warnings). */
export const validateStateMachineDefinition = defineOperation<ValidateStateMachineDefinitionInput, ValidateStateMachineDefinitionOutput, StatesCall>({
  name: 'ValidateStateMachineDefinition',
  input: {
    type: 'structure',
    members: {
      definition: { type: 'string', required: true, min: 1, max: 1048576, sensitive: true },
      type: { type: 'string', enum: ['STANDARD', 'EXPRESS'] },
      severity: { type: 'string', enum: ['ERROR', 'WARNING'] },
      maxResults: { type: 'integer', min: 0, max: 100 },
    },
  },
  handle(input, call) {
    call.authorize(`arn:aws:states:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:*`);
    const { diagnostics } = validateDefinition(input.definition);
    const limit = input.maxResults && input.maxResults > 0 ? input.maxResults : 100;
    return {
      result: diagnostics.length === 0 ? 'OK' : 'FAIL',
      diagnostics: diagnostics.slice(0, limit).map((diagnostic) => ({ severity: 'ERROR', code: diagnostic.code, message: diagnostic.message })),
      truncated: diagnostics.length > limit,
    };
  },
});
