import { createHash } from 'node:crypto';
import type { Parameter } from '@aws-sdk/client-ssm';
import { parameterArn } from './parameter-names';
import type { ParameterVersion } from './parameter-store';

/**
 * What a SecureString reads as without decryption: an opaque stand-in for KMS ciphertext, the
 * same for the same name, version and value, never the value itself.
 */
export function encryptedValue(name: string, version: ParameterVersion): string {
  const digest = createHash('sha256').update(`flare-local-kms\0${name}\0${version.version}\0${version.value}`).digest();
  return `AQICAH${digest.toString('base64')}`;
}

/** A version's value as a response shows it: SecureStrings only `WithDecryption`. */
export function shownValue(name: string, version: ParameterVersion, withDecryption: boolean | undefined): string {
  return version.type === 'SecureString' && withDecryption !== true ? encryptedValue(name, version) : version.value;
}

/** A parameter as GetParameter, GetParameters and GetParametersByPath return it. */
export function parameterOutput(name: string, version: ParameterVersion, withDecryption: boolean | undefined): Parameter {
  return {
    Name: name,
    Type: version.type,
    Value: shownValue(name, version, withDecryption),
    Version: version.version,
    LastModifiedDate: new Date(version.lastModified),
    ARN: parameterArn(name),
    DataType: version.dataType,
  };
}
