/**
 * S3's errors. Each owns its wire form: an HTTP status and the XML body S3 sends
 * (`<Error><Code/><Message/>…extra fields…<RequestId/><HostId/></Error>`), with AWS's
 * wording. Codes and statuses follow the S3 API reference's error code list.
 */
import { xmlElement } from './xml-text';

export class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode: number,
    /** Extra elements AWS puts in this error's body (`Key`, `BucketName`, `UploadId`…), in order. */
    readonly fields: Readonly<Record<string, string | number | undefined>> = {},
    /** Extra response headers (e.g. `x-amz-delete-marker`, `Allow`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }

  /** The error document; HEAD responses and 304s carry no body. */
  toXml(requestId: string, hostId: string): string {
    const extra = Object.entries(this.fields)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => xmlElement(name, String(value)))
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${xmlElement('Code', this.code)}${xmlElement('Message', this.message)}${extra}${xmlElement('RequestId', requestId)}${xmlElement('HostId', hostId)}</Error>`;
  }
}

export const noSuchBucket = (bucket: string) =>
  new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });

export const noSuchKey = (key: string) => new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });

export const noSuchUpload = (uploadId: string) =>
  new S3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    404,
    { UploadId: uploadId },
  );

export const accessDenied = (message = 'Access Denied') => new S3Error('AccessDenied', message, 403);

/** A presigned URL outside its validity window (S3 answers AccessDenied, not a signature error). */
export const requestExpired = (message: string, details: Readonly<Record<string, string | undefined>>) =>
  new S3Error('AccessDenied', message, 403, details);

export const invalidArgument = (message: string, name?: string, value?: string) =>
  new S3Error('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value });

export const invalidRequest = (message: string) => new S3Error('InvalidRequest', message, 400);

export const malformedXml = () =>
  new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);

export const entityTooLarge = (proposedSize: number, maxSizeAllowed: number) =>
  new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, {
    ProposedSize: proposedSize,
    MaxSizeAllowed: maxSizeAllowed,
  });

export const entityTooSmall = (proposedSize: number, minSizeAllowed: number, partNumber: number, etag: string) =>
  new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, {
    ProposedSize: proposedSize,
    MinSizeAllowed: minSizeAllowed,
    PartNumber: partNumber,
    ETag: etag,
  });

export const invalidPart = (uploadId: string, partNumber: number, etag: string) =>
  new S3Error(
    'InvalidPart',
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    400,
    { UploadId: uploadId, PartNumber: partNumber, ETag: etag },
  );

export const invalidPartOrder = (uploadId: string) =>
  new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400, { UploadId: uploadId });

export const invalidRange = (range: string, size: number) =>
  new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: range, ActualObjectSize: size });

export const preconditionFailed = (condition: string) =>
  new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition });

/** 304 carries no body; the class keeps one code path for "answer now with this status". */
export const notModified = () => new S3Error('NotModified', 'Not Modified', 304);

export const badDigest = (message = 'The Content-MD5 you specified did not match what we received.') => new S3Error('BadDigest', message, 400);

export const invalidDigest = () => new S3Error('InvalidDigest', 'The Content-MD5 you specified is not valid.', 400);

export const contentSha256Mismatch = (clientHash: string, computed: string) =>
  new S3Error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
    ClientComputedContentSHA256: clientHash,
    S3ComputedContentSHA256: computed,
  });

export const incompleteBody = () =>
  new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);

export const missingContentLength = () => new S3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);

export const keyTooLong = (size: number) =>
  new S3Error('KeyTooLongError', 'Your key is too long', 400, { Size: size, MaxSizeAllowed: 1024 });

export const methodNotAllowed = (method: string, resourceType: 'OBJECT' | 'BUCKET' | 'SERVICE') =>
  new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: method, ResourceType: resourceType });

/** What the local S3 does not do: named, so nobody mistakes it for a silent success. */
export const notImplemented = (what: string) =>
  new S3Error('NotImplemented', `${what} is not implemented by the local S3`, 501);

export const corsForbidden = (method: string, reason: 'not-enabled' | 'not-allowed') =>
  new S3Error(
    'AccessForbidden',
    reason === 'not-enabled'
      ? 'CORSResponse: CORS is not enabled for this bucket.'
      : 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.',
    403,
    { Method: method, ResourceType: 'OBJECT' },
  );

export const internalError = () =>
  new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);

export const invalidBucketName = (bucket: string) =>
  new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket });

export const bucketAlreadyOwnedByYou = (bucket: string) =>
  new S3Error('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: bucket });

export const bucketNotEmpty = (bucket: string) =>
  new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket });

export const invalidLocationConstraint = (constraint: string) =>
  new S3Error('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: constraint });

/** A location constraint other than the region of the endpoint the request was sent to (signed for). */
export const illegalLocationConstraint = (constraint: string | undefined) =>
  new S3Error(
    'IllegalLocationConstraintException',
    `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    400,
  );

export const invalidTag = (message: string, tagKey?: string) => new S3Error('InvalidTag', message, 400, { TagKey: tagKey });

export const noSuchTagSet = (bucket: string) => new S3Error('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: bucket });

export const malformedPolicy = (message: string) => new S3Error('MalformedPolicy', message, 400);

export const noSuchLifecycleConfiguration = (bucket: string) =>
  new S3Error('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404, { BucketName: bucket });
