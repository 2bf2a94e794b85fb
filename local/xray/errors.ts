import { JsonServiceError } from '../edge';

/** X-Ray's errors, in its REST-JSON wire form (`x-amzn-ErrorType` and `{ "Message": … }`). */
export const XrayErrors = {
  /** A request X-Ray refuses: bad filter expression, too many trace ids, a time range backwards. */
  invalidRequest: (message: string) => new JsonServiceError('InvalidRequestException', message, 400),
};

/** Why PutTraceSegments left a document unprocessed (its `UnprocessedTraceSegments` entry). */
export class SegmentRejection extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly id?: string,
  ) {
    super(message);
    this.name = 'SegmentRejection';
  }
}
