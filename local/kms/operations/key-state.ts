import type { KmsCall } from '../context';
import { KmsErrors } from '../errors';
import { keyFor } from '../key-reference';
import type { StoredKey } from '../key-store';

/** Authorizes the call on the key and stores the change `next` makes (refused while the key is pending deletion). */
export async function changeKey(call: KmsCall, reference: string, next: (key: StoredKey) => StoredKey): Promise<StoredKey> {
  const key = keyFor(call, reference);
  if (key.state === 'PendingDeletion' && call.operation !== 'CancelKeyDeletion') throw KmsErrors.pendingDeletion(key.arn);
  const changed = next(key);
  await call.keys.putKey(changed);
  return changed;
}
