import type { JsonCall } from '../../edge/json-protocol';
import { SsmErrors } from '../errors';
import type { StoredParameter } from '../parameter-store';
import type { SsmContext } from '../service';
import { authorizeParameters, parameterWire } from '../wire';

const PATH_RULES =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.';

/** `AmazonSSM.GetParametersByPath`: one level under Path, or every level with Recursive. */
export function getParametersByPath(ssm: SsmContext) {
  return (input: Record<string, unknown>, call: JsonCall) => {
    const requested = input.Path;
    if (typeof requested !== 'string') throw SsmErrors.constraint('path', requested, 'Member must not be null');
    if (!requested.startsWith('/') || /^\/(aws|ssm)/i.test(requested) || !/^[A-Za-z0-9_.\-/]+$/.test(requested)) throw SsmErrors.validation(PATH_RULES);
    const maxResults = input.MaxResults === undefined ? 10 : Number(input.MaxResults);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 10) {
      throw SsmErrors.constraint('maxResults', input.MaxResults, `Member must have value ${maxResults < 1 ? 'greater than or equal to 1' : 'less than or equal to 10'}`);
    }
    const filters = (input.ParameterFilters ?? []) as { Key?: string; Option?: string; Values?: string[] }[];
    for (const filter of filters) {
      if (filter.Key !== 'Type' || (filter.Option ?? 'Equals') !== 'Equals') {
        throw SsmErrors.notSupported(`ParameterFilters Key=${filter.Key} Option=${filter.Option ?? 'Equals'}`);
      }
    }
    const base = requested === '/' ? '/' : `${requested.replace(/\/+$/, '')}/`;
    authorizeParameters(ssm.services, call, 'ssm:GetParametersByPath', [requested.replace(/\/+$/, '') || '/']);

    const matches = ssm.store.all().filter((parameter: StoredParameter) => {
      if (!parameter.name.startsWith(base)) return false;
      const rest = parameter.name.slice(base.length);
      if (input.Recursive !== true && rest.includes('/')) return false;
      return filters.every((filter) => filter.Values?.includes(parameter.type));
    });
    let start = 0;
    if (input.NextToken !== undefined) {
      const decoded = typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64url').toString()) : Number.NaN;
      if (!Number.isInteger(decoded) || decoded < 0 || decoded > matches.length) throw SsmErrors.invalidNextToken();
      start = decoded;
    }
    const page = matches.slice(start, start + maxResults);
    const next = start + maxResults < matches.length ? Buffer.from(String(start + maxResults)).toString('base64url') : undefined;
    for (const parameter of page) if (parameter.secretName) call.log.debug(`secret ${parameter.secretName} read (value not shown)`);
    return { Parameters: page.map((parameter) => parameterWire(parameter, input.WithDecryption === true)), ...(next ? { NextToken: next } : {}) };
  };
}
