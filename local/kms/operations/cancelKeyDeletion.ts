import type { CancelKeyDeletionRequest, CancelKeyDeletionResponse } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { KmsErrors } from '../errors';
import { changeKey } from './key-state';
import { KEY_ID } from './members';

/** `TrentService.CancelKeyDeletion`: a key pending deletion is kept, Disabled (as KMS leaves it). */
export const cancelKeyDeletion = defineOperation<CancelKeyDeletionRequest, CancelKeyDeletionResponse, KmsCall>({
  name: 'CancelKeyDeletion',
  input: { type: 'structure', members: { KeyId: { ...KEY_ID, required: true } } },
  async handle(input, call) {
    const key = await changeKey(call, input.KeyId, (current) => {
      if (current.state !== 'PendingDeletion') throw KmsErrors.notPendingDeletion(current.arn);
      const { deletionDate: _, ...kept } = current;
      return { ...kept, state: 'Disabled' };
    });
    return { KeyId: key.arn };
  },
});
