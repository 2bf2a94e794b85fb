import { OperationRegistry, type AnyOperation } from '../../kit';
import type { KmsCall } from '../context';
import { cancelKeyDeletion } from './cancelKeyDeletion';
import { createAlias } from './createAlias';
import { createKey } from './createKey';
import { decrypt } from './decrypt';
import { deleteAlias } from './deleteAlias';
import { describeKey } from './describeKey';
import { disableKey } from './disableKey';
import { enableKey } from './enableKey';
import { encrypt } from './encrypt';
import { generateDataKey } from './generateDataKey';
import { generateDataKeyWithoutPlaintext } from './generateDataKeyWithoutPlaintext';
import { getKeyPolicy } from './getKeyPolicy';
import { listAliases } from './listAliases';
import { listKeys } from './listKeys';
import { putKeyPolicy } from './putKeyPolicy';
import { reEncrypt } from './reEncrypt';
import { scheduleKeyDeletion } from './scheduleKeyDeletion';

const ASYMMETRIC = 'asymmetric and HMAC keys (the local KMS runs symmetric encryption keys only)';
const GRANTS = 'grants (key policies and IAM policies decide locally)';
const CUSTOM_STORES = 'custom key stores (CloudHSM and external key stores)';
const ROTATION = 'key rotation';
const IMPORT = 'imported key material';
const TAGS = 'key tags';

/**
 * The KMS operations the local one answers (`TrentService.<Name>`, IAM `kms:<Name>` on the key
 * under its key policy); each one left out answers UnknownOperationException naming what it
 * belongs to.
 */
export const KMS_OPERATIONS = new OperationRegistry<AnyOperation<KmsCall>>({
  service: 'KMS',
  iamPrefix: 'kms',
  operations: [
    createKey, describeKey, listKeys, listAliases, createAlias, deleteAlias, getKeyPolicy, putKeyPolicy, enableKey, disableKey, scheduleKeyDeletion,
    cancelKeyDeletion, encrypt, decrypt, reEncrypt, generateDataKey, generateDataKeyWithoutPlaintext,
  ],
  notImplemented: {
    Sign: ASYMMETRIC, Verify: ASYMMETRIC, GetPublicKey: ASYMMETRIC, GenerateDataKeyPair: ASYMMETRIC, GenerateDataKeyPairWithoutPlaintext: ASYMMETRIC,
    GenerateMac: ASYMMETRIC, VerifyMac: ASYMMETRIC, DeriveSharedSecret: ASYMMETRIC,
    CreateGrant: GRANTS, ListGrants: GRANTS, ListRetirableGrants: GRANTS, RetireGrant: GRANTS, RevokeGrant: GRANTS,
    CreateCustomKeyStore: CUSTOM_STORES, ConnectCustomKeyStore: CUSTOM_STORES, DisconnectCustomKeyStore: CUSTOM_STORES, DeleteCustomKeyStore: CUSTOM_STORES,
    DescribeCustomKeyStores: CUSTOM_STORES, UpdateCustomKeyStore: CUSTOM_STORES,
    EnableKeyRotation: ROTATION, DisableKeyRotation: ROTATION, GetKeyRotationStatus: ROTATION, RotateKeyOnDemand: ROTATION, ListKeyRotations: ROTATION,
    ImportKeyMaterial: IMPORT, GetParametersForImport: IMPORT, DeleteImportedKeyMaterial: IMPORT,
    TagResource: TAGS, UntagResource: TAGS, ListResourceTags: TAGS,
    ReplicateKey: 'multi-Region keys (the local cloud has one region)', UpdatePrimaryRegion: 'multi-Region keys (the local cloud has one region)',
    UpdateAlias: 'changing aliases (delete and create the alias instead)', UpdateKeyDescription: 'changing key descriptions',
    ListKeyPolicies: 'listing key policy names (every key has the one policy `default`)', GenerateRandom: 'random bytes from KMS',
  },
});
