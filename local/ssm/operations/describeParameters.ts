import type { DescribeParametersRequest, DescribeParametersResult, ParametersFilter } from '@aws-sdk/client-ssm';
import { LOCAL_ACCOUNT } from '../../assembly';
import { defineOperation, type Validated } from '../../kit';
import type { SsmCall } from '../context';
import { SsmErrors } from '../errors';
import { checkFilters, matchesFilters } from '../parameter-filters';
import { parameterArn } from '../parameter-names';
import { current, type StoredParameter } from '../parameter-store';
import { NEXT_TOKEN, PARAMETER_STRING_FILTERS } from './members';
import { decodePageToken, pageToken } from './paging';

/** The older `Filters` form: Name begins with, Type and KeyId equal one of the values. */
function matchesLegacyFilters(parameter: StoredParameter, filters: readonly Validated<ParametersFilter>[]): boolean {
  const latest = current(parameter);
  return filters.every((filter) => {
    if (filter.Key === 'Name') return filter.Values.some((value) => parameter.name.startsWith(value));
    if (filter.Key === 'Type') return filter.Values.includes(latest.type);
    return latest.keyId !== undefined && filter.Values.includes(latest.keyId);
  });
}

/**
 * `AmazonSSM.DescribeParameters`: every parameter's metadata (never its value), filtered, in
 * pages of 10 by default. Parameters shared from other accounts (`Shared`) do not exist locally.
 */
export const describeParameters = defineOperation<DescribeParametersRequest, DescribeParametersResult, SsmCall>({
  name: 'DescribeParameters',
  input: {
    type: 'structure',
    members: {
      Filters: {
        type: 'list',
        member: {
          type: 'structure',
          name: 'ParametersFilter',
          members: {
            Key: { type: 'string', required: true, enum: ['Name', 'Type', 'KeyId'] },
            Values: { type: 'list', required: true, min: 1, max: 50, member: { type: 'string', min: 1, max: 1024 } },
          },
        },
      },
      ParameterFilters: PARAMETER_STRING_FILTERS,
      MaxResults: { type: 'integer', min: 1, max: 50 },
      NextToken: NEXT_TOKEN,
      Shared: { type: 'boolean' },
    },
  },
  handle(input, call) {
    // DescribeParameters has no resource-level permissions: IAM checks it on `*`.
    const { region, accountId } = LOCAL_ACCOUNT;
    call.authorize(`arn:aws:ssm:${region}:${accountId}:*`);
    if (input.Filters?.length && input.ParameterFilters?.length) throw SsmErrors.validation('You can use either Filters or ParameterFilters in a single request.');
    const filters = input.ParameterFilters ?? [];
    checkFilters(filters, 'DescribeParameters');
    const matches = input.Shared ? [] : call.parameters.all().filter((parameter) => matchesFilters(parameter, filters) && matchesLegacyFilters(parameter, input.Filters ?? []));
    const maxResults = input.MaxResults ?? 10;
    const start = decodePageToken(input.NextToken, matches.length);
    return {
      Parameters: matches.slice(start, start + maxResults).map((parameter) => {
        const latest = current(parameter);
        return {
          Name: parameter.name,
          ARN: parameterArn(parameter.name),
          Type: latest.type,
          ...(latest.keyId !== undefined && { KeyId: latest.keyId }),
          LastModifiedDate: new Date(latest.lastModified),
          LastModifiedUser: latest.lastModifiedUser,
          ...(latest.description !== undefined && { Description: latest.description }),
          ...(latest.allowedPattern !== undefined && { AllowedPattern: latest.allowedPattern }),
          Version: latest.version,
          Tier: latest.tier,
          Policies: [],
          DataType: latest.dataType,
        };
      }),
      NextToken: pageToken(start + maxResults, matches.length),
    };
  },
});
