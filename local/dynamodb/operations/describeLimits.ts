import type { Operation } from './context';

/** DescribeLimits: AWS's default account quotas (nothing is throttled locally). */
export const describeLimits: Operation = async (_input, context) => {
  context.authorize('dynamodb:DescribeLimits', '*');
  return { AccountMaxReadCapacityUnits: 80000, AccountMaxWriteCapacityUnits: 80000, TableMaxReadCapacityUnits: 40000, TableMaxWriteCapacityUnits: 40000 };
};
