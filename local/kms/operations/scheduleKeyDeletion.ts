import type { ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { changeKey } from './key-state';
import { KEY_ID } from './members';

const DAY_MS = 86_400_000;

/**
 * `TrentService.ScheduleKeyDeletion`: the key is PendingDeletion for 7–30 days (default 30),
 * unusable meanwhile; CancelKeyDeletion brings it back disabled. The local KMS deletes it
 * when the window ends.
 */
export const scheduleKeyDeletion = defineOperation<ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse, KmsCall>({
  name: 'ScheduleKeyDeletion',
  input: { type: 'structure', members: { KeyId: { ...KEY_ID, required: true }, PendingWindowInDays: { type: 'integer', min: 1, max: 365 } } },
  async handle(input, call) {
    const days = input.PendingWindowInDays ?? 30;
    const deletionDate = call.now() + days * DAY_MS;
    const key = await changeKey(call, input.KeyId, (current) => ({ ...current, state: 'PendingDeletion', deletionDate }));
    return { KeyId: key.arn, DeletionDate: new Date(deletionDate), KeyState: 'PendingDeletion', PendingWindowInDays: days };
  },
});
