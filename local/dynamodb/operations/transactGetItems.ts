import { runAction } from '../engine/dynalite';
import { ValidationException } from '../errors';
import { assertDistinctItems, transactAction, transactItemsOf, type TransactAction } from '../transactions/requests';
import { tableArn, type Operation } from './context';

/**
 * TransactGetItems: reads taken while holding the locks of every table involved, so no
 * write (transactional or not) is seen half done across them.
 */
export const transactGetItems: Operation = async (input, context) => {
  const entries = transactItemsOf(input);
  const actions: TransactAction<'Get'>[] = [];
  for (const [position, entry] of entries.entries()) {
    if (entry.Get === undefined || entry.Get === null || Object.keys(entry).length !== 1) {
      throw new ValidationException('TransactItems can only contain one of Get');
    }
    actions.push(await transactAction('Get', entry.Get, position, context));
  }
  assertDistinctItems(actions);
  for (const action of actions) {
    context.authorize('dynamodb:GetItem', tableArn(action.tableName), { 'dynamodb:EnclosingOperation': 'TransactGetItems' });
  }
  const results = await context.database.withLocks(actions.map((action) => action.tableName), () =>
    Promise.all(actions.map((action) => runAction('GetItem', context.database.store, action.data))),
  );
  return { Responses: results.map((result) => (result.Item ? { Item: result.Item } : {})) };
};
