import type { DescribeKeyRequest, DescribeKeyResponse } from '@aws-sdk/client-kms';
import { defineOperation } from '../../kit';
import type { KmsCall } from '../context';
import { keyFor, keyMetadata } from '../key-reference';
import { GRANT_TOKENS, KEY_ID } from './members';

/** `TrentService.DescribeKey`: a key's metadata, by id, ARN or alias. */
export const describeKey = defineOperation<DescribeKeyRequest, DescribeKeyResponse, KmsCall>({
  name: 'DescribeKey',
  input: { type: 'structure', members: { KeyId: { ...KEY_ID, required: true }, GrantTokens: GRANT_TOKENS } },
  handle(input, call) {
    return { KeyMetadata: keyMetadata(keyFor(call, input.KeyId)) };
  },
});
