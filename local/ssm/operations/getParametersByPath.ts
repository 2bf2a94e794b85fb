import type { GetParametersByPathRequest, GetParametersByPathResult } from '@aws-sdk/client-ssm';
import { defineOperation } from '../../kit';
import type { SsmCall } from '../context';
import { checkFilters, checkPath, matchesFilters } from '../parameter-filters';
import { parameterArn } from '../parameter-names';
import { parameterOutput } from '../parameter-output';
import { current } from '../parameter-store';
import { NEXT_TOKEN, PARAMETER_NAME, PARAMETER_STRING_FILTERS } from './members';
import { decodePageToken, pageToken } from './paging';

/** `AmazonSSM.GetParametersByPath`: one level under Path, or every level with Recursive, in pages. */
export const getParametersByPath = defineOperation<GetParametersByPathRequest, GetParametersByPathResult, SsmCall>({
  name: 'GetParametersByPath',
  input: {
    type: 'structure',
    members: {
      Path: { ...PARAMETER_NAME, required: true },
      Recursive: { type: 'boolean' },
      ParameterFilters: PARAMETER_STRING_FILTERS,
      WithDecryption: { type: 'boolean' },
      MaxResults: { type: 'integer', min: 1, max: 10 },
      NextToken: NEXT_TOKEN,
    },
  },
  handle(input, call) {
    const requested = input.Path;
    checkPath(requested);
    const filters = input.ParameterFilters ?? [];
    checkFilters(filters, 'GetParametersByPath');
    const base = requested === '/' ? '/' : `${requested.replace(/\/+$/, '')}/`;
    call.authorize(parameterArn(requested.replace(/\/+$/, '') || '/'));

    const matches = call.parameters.all().filter((parameter) => {
      if (!parameter.name.startsWith(base)) return false;
      const rest = parameter.name.slice(base.length);
      if (input.Recursive !== true && rest.includes('/')) return false;
      return matchesFilters(parameter, filters);
    });
    const maxResults = input.MaxResults ?? 10;
    const start = decodePageToken(input.NextToken, matches.length);
    const page = matches.slice(start, start + maxResults);
    for (const parameter of page) {
      const secret = call.secrets.secretName(parameter.name);
      if (secret) call.log.debug(`secret ${secret} read (value not shown)`);
    }
    return {
      Parameters: page.map((parameter) => parameterOutput(parameter.name, current(parameter), input.WithDecryption)),
      NextToken: pageToken(start + maxResults, matches.length),
    };
  },
});
