import { StsError } from '../errors';
import type { Credentials } from '../types';
import type { StsFields } from '../sts';

/** STS's validation message for one parameter, as the API model states its constraint. */
export function validationError(member: string, value: string | null, constraint: string): StsError {
  return new StsError('ValidationError', `1 validation error detected: Value ${value === null ? 'null' : `'${value}'`} at '${member}' failed to satisfy constraint: ${constraint}`, 400);
}

/** RoleArn, RoleSessionName and DurationSeconds, checked as STS's API model constrains them. */
export function sessionParameters(params: URLSearchParams): { roleArn: string; sessionName: string; durationSeconds: number } {
  const roleArn = params.get('RoleArn');
  if (roleArn === null) throw validationError('roleArn', null, 'Member must not be null');
  if (roleArn.length < 20 || roleArn.length > 2048) throw validationError('roleArn', roleArn, 'Member must have length greater than or equal to 20');
  const sessionName = params.get('RoleSessionName');
  if (sessionName === null) throw validationError('roleSessionName', null, 'Member must not be null');
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw validationError('roleSessionName', sessionName, 'Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length from 2 to 64');
  }
  const duration = params.get('DurationSeconds');
  const durationSeconds = duration === null ? 3600 : Number(duration);
  if (!Number.isInteger(durationSeconds) || durationSeconds < 900 || durationSeconds > 43_200) {
    throw validationError('durationSeconds', duration, 'Member must have value greater than or equal to 900 and less than or equal to 43200');
  }
  return { roleArn, sessionName, durationSeconds };
}

/** The `Credentials` element STS answers with. */
export function credentialsFields(credentials: Credentials): StsFields {
  return {
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: credentials.expiration?.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}
