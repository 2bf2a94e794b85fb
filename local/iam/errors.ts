import { QueryProtocolError } from '../kit/query-error';

export { escapeXml } from '../kit/query-error';
import { SigV4ErrorCode, type SigV4Error } from './types';

/** STS's errors in the query protocol's wire form. */
export class StsError extends QueryProtocolError {
  protected readonly namespace = 'https://sts.amazonaws.com/doc/2011-06-15/';

  /** How STS itself answers an authentication failure. */
  static fromSigV4(error: SigV4Error): StsError {
    switch (error.code) {
      case SigV4ErrorCode.InvalidToken:
        return new StsError('InvalidClientTokenId', error.message, 403);
      case SigV4ErrorCode.ExpiredToken:
        return new StsError('ExpiredToken', error.message, 400);
      case SigV4ErrorCode.RequestTimeTooSkewed:
      case SigV4ErrorCode.XAmzContentSHA256Mismatch:
        return new StsError('SignatureDoesNotMatch', error.message, 403);
      case SigV4ErrorCode.RequestExpired:
        return new StsError('RequestExpired', error.message, 400);
      case SigV4ErrorCode.IncompleteSignature:
        return new StsError('IncompleteSignature', error.message, 400);
      default:
        return new StsError(error.code, error.message, 403);
    }
  }
}

/** A role ARN that is not in the cloud assembly: a caller (a local service) asked for something that cannot exist. */
export class UnknownRoleError extends Error {
  constructor(readonly roleArn: string, known: readonly string[]) {
    super(`No role ${roleArn} in the cloud assembly${known.length ? ` (it has ${known.length} roles, e.g. ${known.slice(0, 3).join(', ')})` : ' (it has none)'}`);
    this.name = 'UnknownRoleError';
  }
}

