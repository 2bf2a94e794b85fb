import type { CognitoOperation } from '../context';
import { optionalString } from '../input';
import { InvalidParameterException } from '../errors';
import { page } from '../pagination';
import { userPoolType } from '../pool-description';

/** ListUserPools: the account's pools by id, `MaxResults` (1–60, required) per page. */
export const listUserPools: CognitoOperation = (input, call) => {
  call.adminAccount();
  const max = input.MaxResults;
  if (max === undefined || max === null) throw InvalidParameterException.validation('maxResults', max, 'Member must not be null');
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 60) {
    throw InvalidParameterException.validation('maxResults', max, 'Member must have value less than or equal to 60');
  }
  const pools = [...call.cognito.pools.values()].sort((a, b) => a.id.localeCompare(b.id));
  const { items, next } = page(pools, (pool) => pool.id, max, optionalString(input, 'NextToken'));
  return {
    UserPools: items.map((pool) => {
      const { Id, Name, LambdaConfig, CreationDate, LastModifiedDate } = userPoolType(pool);
      return { Id, Name, LambdaConfig, CreationDate, LastModifiedDate };
    }),
    ...(next && { NextToken: next }),
  };
};
