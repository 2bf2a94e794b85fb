import type { ParameterStringFilter } from '@aws-sdk/client-ssm';
import type { Validated } from '../kit';
import { SsmErrors } from './errors';
import { current, type StoredParameter } from './parameter-store';

/** Where filters are given: DescribeParameters takes every key but Label; GetParametersByPath only Type, KeyId, Label, DataType and tags. */
export type FilterUse = 'DescribeParameters' | 'GetParametersByPath';

type Filter = Validated<ParameterStringFilter>;

const VALID_KEYS: Record<FilterUse, readonly string[]> = {
  DescribeParameters: ['Path', 'Name', 'Type', 'KeyId', 'Tier', 'DataType'],
  GetParametersByPath: ['Type', 'KeyId', 'Label', 'DataType'],
};
const VALID_VALUES: Record<string, readonly string[]> = {
  Type: ['String', 'StringList', 'SecureString'],
  Tier: ['Standard', 'Advanced', 'Intelligent-Tiering'],
};
const PATH_OPTIONS = ['Recursive', 'OneLevel'];
const PATH_RULES =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.';

/** A path as GetParametersByPath and the Path filter accept it; SSM's ValidationException otherwise. */
export function checkPath(path: string): void {
  if (!path.startsWith('/') || /^\/(aws|ssm)/i.test(path) || !/^[A-Za-z0-9_.\-/]+$/.test(path) || path.includes('//')) throw SsmErrors.validation(PATH_RULES);
}

const optionOf = (filter: Filter) => filter.Option ?? (filter.Key === 'Path' ? 'OneLevel' : 'Equals');

/** Checks ParameterStringFilters as SSM does beyond the model: keys allowed here, options, values, duplicates. */
export function checkFilters(filters: readonly Filter[], use: FilterUse): void {
  const seen = new Set<string>();
  for (const filter of filters) {
    const key = filter.Key;
    if (!key.startsWith('tag:') && !VALID_KEYS[use].includes(key)) {
      throw SsmErrors.invalidFilterKey(`The following filter key is not valid: ${key}. Valid filter keys include: [${VALID_KEYS[use].join(', ')}].`);
    }
    if (seen.has(key)) throw SsmErrors.invalidFilterKey(`The following filter is duplicated in the request: ${key}. A request can contain only one occurrence of a specific filter.`);
    seen.add(key);
    if (!key.startsWith('tag:') && !filter.Values?.length) throw SsmErrors.invalidFilterValue(`The following filter values are missing : null for filter key ${key}.`);
    const option = optionOf(filter);
    if (key === 'Path') {
      if (!PATH_OPTIONS.includes(option)) throw SsmErrors.invalidFilterOption(`The following filter option is not valid: ${option}. Valid options include: [Recursive, OneLevel].`);
      filter.Values!.forEach(checkPath);
      continue;
    }
    const options = key === 'Name' ? ['BeginsWith', 'Equals', 'Contains'] : ['BeginsWith', 'Equals'];
    if (!options.includes(option)) throw SsmErrors.invalidFilterOption(`The following filter option is not valid: ${option}. Valid options include: [${options.join(', ')}].`);
    const valid = VALID_VALUES[key];
    const wrong = valid && filter.Values!.find((value) => !valid.includes(value));
    if (wrong) throw SsmErrors.invalidFilterValue(`The following filter value is not valid: ${wrong}. Valid values include: [${valid.join(', ')}].`);
  }
}

function compare(actual: string | undefined, option: string, values: readonly string[]): boolean {
  if (actual === undefined) return false;
  return values.some((value) => (option === 'BeginsWith' ? actual.startsWith(value) : option === 'Contains' ? actual.includes(value) : actual === value));
}

/** Whether a parameter passes every filter (all must match; any of a filter's values may). */
export function matchesFilters(parameter: StoredParameter, filters: readonly Filter[]): boolean {
  const latest = current(parameter);
  return filters.every((filter) => {
    const option = optionOf(filter);
    const values = filter.Values ?? [];
    if (filter.Key.startsWith('tag:')) {
      const tag = parameter.tags.find((candidate) => candidate.Key === filter.Key.slice(4));
      return tag !== undefined && (values.length === 0 || compare(tag.Value, option, values));
    }
    switch (filter.Key) {
      case 'Path':
        return values.some((path) => {
          const base = path === '/' ? '/' : `${path.replace(/\/+$/, '')}/`;
          return parameter.name.startsWith(base) && (option === 'Recursive' || !parameter.name.slice(base.length).includes('/'));
        });
      case 'Name':
        return compare(parameter.name, option, values);
      case 'Type':
        return compare(latest.type, option, values);
      case 'KeyId':
        return compare(latest.keyId, option, values);
      case 'Tier':
        return compare(latest.tier, option, values);
      case 'DataType':
        return compare(latest.dataType, option, values);
      case 'Label':
        return parameter.versions.some((version) => version.labels.some((label) => values.includes(label)));
      default:
        return false;
    }
  });
}
