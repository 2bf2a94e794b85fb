import { SqsErrors } from '../errors';

/** SQS's page tokens here: the position after the last item answered, opaque to callers. */
export function page<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined): { items: T[]; nextToken?: string } {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > 1000)) throw SqsErrors.invalidParameter('MaxResults', maxResults, 'MaxResults must be an integer between 1 and 1000.');
  if (nextToken !== undefined && maxResults === undefined) throw SqsErrors.invalidParameterValue('MaxResults is a mandatory parameter when you provide a value for NextToken.');
  let start = 0;
  if (nextToken !== undefined) {
    start = Number(Buffer.from(nextToken, 'base64').toString('utf8').replace(/^offset:/, ''));
    if (!Number.isInteger(start) || start < 0) throw SqsErrors.invalidParameterValue('Invalid NextToken value.');
  }
  if (maxResults === undefined) return { items: items.slice(0, 1000) };
  const end = start + maxResults;
  return { items: items.slice(start, end), ...(end < items.length && { nextToken: Buffer.from(`offset:${end}`).toString('base64') }) };
}
