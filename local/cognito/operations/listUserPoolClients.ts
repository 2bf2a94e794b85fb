import type { CognitoOperation } from '../context';
import { optionalInteger, optionalString } from '../input';
import { page } from '../pagination';

/** ListUserPoolClients: the pool's app clients (id, pool, name), paginated by NextToken. */
export const listUserPoolClients: CognitoOperation = (input, call) => {
  const pool = call.adminPool(input);
  const limit = optionalInteger(input, 'MaxResults', 1, 60) ?? 60;
  const clients = [...pool.clients.values()].sort((a, b) => a.id.localeCompare(b.id));
  const { items, next } = page(clients, (client) => client.id, limit, optionalString(input, 'NextToken'));
  return {
    UserPoolClients: items.map((client) => ({ ClientId: client.id, UserPoolId: client.userPoolId, ClientName: client.name })),
    ...(next && { NextToken: next }),
  };
};
