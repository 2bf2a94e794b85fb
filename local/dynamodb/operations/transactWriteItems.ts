import { dynaliteDb, runAction } from '../engine/dynalite';
import { ConditionalCheckFailedException, fromDynalite, isDynaliteError, ValidationException, TransactionCanceledException, type CancellationReason } from '../errors';
import { assertDistinctItems, transactAction, transactItemsOf, writeKindOf, type TransactAction, type TransactWriteKind } from '../transactions/requests';
import { alreadyApplied, requestHash, tokenRecord } from '../transactions/tokens';
import { checkedMember, tableArn, type Operation } from './context';

const ACTION_OF: Record<TransactWriteKind, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };

/**
 * TransactWriteItems, all or nothing: every action is validated first; then, holding the
 * locks of every table involved, every condition is evaluated and every write staged; one
 * failed condition cancels the whole (TransactionCanceledException, a reason per action in
 * request order), otherwise all writes, their stream records and the ClientRequestToken
 * commit in one LevelDB batch.
 */
export const transactWriteItems: Operation = async (input, context) => {
  const entries = transactItemsOf(input);
  const token = input.ClientRequestToken;
  checkedMember(token, { type: 'string', min: 1, max: 36 }, 'clientRequestToken');
  const actions: TransactAction<TransactWriteKind>[] = [];
  for (const [position, entry] of entries.entries()) {
    const kind = writeKindOf(entry);
    actions.push(await transactAction(kind, entry[kind], position, context));
  }
  assertDistinctItems(actions);
  for (const action of actions) {
    context.authorize(`dynamodb:${ACTION_OF[action.kind]}`, tableArn(action.tableName), { 'dynamodb:EnclosingOperation': 'TransactWriteItems' });
  }

  const hash = typeof token === 'string' ? requestHash(input) : '';
  return context.database.write(actions.map((action) => action.tableName), async (staged) => {
    if (typeof token === 'string' && (await alreadyApplied(context.database, token, hash, context.now()))) return {};
    const reasons: CancellationReason[] = [];
    for (const action of actions) {
      try {
        if (action.kind === 'ConditionCheck') {
          const failure = dynaliteDb.checkConditional(action.data, await staged.readItem(action.tableName, action.itemKey));
          if (failure) throw isDynaliteError(failure) ? fromDynalite(failure) : failure;
        } else {
          await runAction(ACTION_OF[action.kind] as 'PutItem' | 'UpdateItem' | 'DeleteItem', staged.store, action.data);
        }
        reasons.push({ Code: 'None' });
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          const reason: CancellationReason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
          if (action.onFailure === 'ALL_OLD') {
            const item = await staged.readItem(action.tableName, action.itemKey);
            if (item) reason.Item = item;
          }
          reasons.push(reason);
        } else if (error instanceof ValidationException) {
          // Found only when applied (an update expression meeting an attribute of another type, an item grown past 400 KB).
          reasons.push({ Code: 'ValidationError', Message: error.message });
        } else {
          throw error;
        }
      }
    }
    if (reasons.some((reason) => reason.Code !== 'None')) throw new TransactionCanceledException(reasons);
    if (typeof token === 'string') staged.extra.push(tokenRecord(token, hash, context.now()));
    return consumedCapacity(input, actions);
  });
};

/** Transactional writes cost two write units per KB of item. */
function consumedCapacity(input: Record<string, unknown>, actions: TransactAction[]): Record<string, unknown> {
  if (input.ReturnConsumedCapacity !== 'TOTAL' && input.ReturnConsumedCapacity !== 'INDEXES') return {};
  const units = new Map<string, number>();
  for (const action of actions) {
    const size = action.kind === 'Put' ? dynaliteDb.itemSize(action.data.Item as never) : 1;
    units.set(action.tableName, (units.get(action.tableName) ?? 0) + 2 * Math.max(1, Math.ceil(size / 1024)));
  }
  return { ConsumedCapacity: [...units].map(([TableName, CapacityUnits]) => ({ TableName, CapacityUnits, WriteCapacityUnits: CapacityUnits })) };
}
