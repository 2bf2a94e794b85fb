import type { CognitoOperation } from '../context';
import { ResourceNotFoundException } from '../errors';
import { requireString } from '../input';
import { userPoolClientType } from '../pool-description';

/** DescribeUserPoolClient: one app client of the pool, its secret included, as UserPoolClientType. */
export const describeUserPoolClient: CognitoOperation = (input, call) => {
  const pool = call.adminPool(input);
  const clientId = requireString(input, 'ClientId');
  const client = pool.clients.get(clientId);
  if (!client) throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
  return { UserPoolClient: userPoolClientType(pool, client) };
};
