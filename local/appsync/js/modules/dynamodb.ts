import { TemplateRuntimeError } from '../../runtime/types';
import { dynamoDBExpression, isList, isMap, isNullish, toDynamoDB, toMapValues, type DynamoDBExpression, type TypedValue } from '../../util';

/**
 * `@aws-appsync/utils/dynamodb`: builders of DynamoDB data-source requests from
 * plain values (no type mapping by hand) — `get`, `put`, `remove`, `update` (with
 * `operations`), `query`, `scan`, `sync`, the batch and transaction requests.
 * Conditions and filters are Amplify-style filter objects, converted as
 * `util.transform.toDynamoDBConditionExpression` converts them.
 * @example
 * put({ key: { id: '1' }, item: { title: 'x' } })
 * // { operation: 'PutItem', key: { id: { S: '1' } }, attributeValues: { title: { S: 'x' } } }
 */

type Key = Record<string, unknown>;

function fail(helper: string, message: string): never {
  throw new TemplateRuntimeError(`@aws-appsync/utils/dynamodb ${helper}: ${message}`);
}

function requireObject(helper: string, value: unknown, what: string): Record<string, unknown> {
  if (!isMap(value)) fail(helper, `${what} must be an object`);
  return value as Record<string, unknown>;
}

function key(helper: string, value: unknown): Record<string, TypedValue> {
  return toMapValues(requireObject(helper, value, 'key'));
}

/** A condition or filter object as a DynamoDB expression, without empty maps DynamoDB refuses. */
function expression(filter: unknown, utility: string): Partial<DynamoDBExpression> | undefined {
  if (isNullish(filter)) return undefined;
  const built = dynamoDBExpression(filter, utility);
  if (built.expression === '') return undefined;
  const out: Partial<DynamoDBExpression> = { expression: built.expression };
  if (Object.keys(built.expressionNames).length) out.expressionNames = built.expressionNames;
  if (Object.keys(built.expressionValues).length) out.expressionValues = built.expressionValues;
  return out;
}

function projection(helper: string, fields: unknown): { expression: string; expressionNames: Record<string, string> } | undefined {
  if (isNullish(fields)) return undefined;
  if (!isList(fields) || fields.some((f) => typeof f !== 'string')) fail(helper, 'projection must be a list of attribute names');
  const names: Record<string, string> = {};
  const parts = (fields as string[]).map((field, index) => {
    // Nested paths (a.b) name each segment.
    return field
      .split('.')
      .map((segment, depth) => {
        const placeholder = `#projection_${index}_${depth}`;
        names[placeholder] = segment;
        return placeholder;
      })
      .join('.');
  });
  return { expression: parts.join(', '), expressionNames: names };
}

/** Copies the optional members AppSync passes through unchanged. */
function passThrough(target: Record<string, unknown>, source: Record<string, unknown>, names: string[]): void {
  for (const name of names) if (source[name] !== undefined) target[name] = source[name];
}

// ---------------------------------------------------------------- update operations

const OPERATION = Symbol.for('flare.appsync.dynamodb.operation');

interface UpdateOperation {
  [OPERATION]: true;
  type: 'increment' | 'decrement' | 'append' | 'prepend' | 'add' | 'remove' | 'replace' | 'updateListItem';
  value?: unknown;
  index?: number;
}

function operation(type: UpdateOperation['type'], value?: unknown, index?: number): UpdateOperation {
  return { [OPERATION]: true, type, value, index };
}

function isOperation(value: unknown): value is UpdateOperation {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[OPERATION] === true;
}

/** `operations.*`: what `update` does to one attribute. */
export const operations = {
  /** `SET #a = #a + :v` */
  increment: (by: unknown) => operation('increment', by),
  /** `SET #a = #a - :v` */
  decrement: (by: unknown) => operation('decrement', by),
  /** `SET #a = list_append(#a, :v)` */
  append: (items: unknown) => operation('append', items),
  /** `SET #a = list_append(:v, #a)` */
  prepend: (items: unknown) => operation('prepend', items),
  /** `SET #a = :v` only where the attribute does not exist yet (`if_not_exists`). */
  add: (value: unknown) => operation('add', value),
  /** `REMOVE #a` */
  remove: () => operation('remove'),
  /** `SET #a = :v` */
  replace: (value: unknown) => operation('replace', value),
  /** `SET #a[i] = :v` */
  updateListItem: (value: unknown, index: unknown) => {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) fail('operations.updateListItem', 'index must be a non-negative integer');
    return operation('updateListItem', value, index as number);
  },
};

class UpdateBuilder {
  private readonly set: string[] = [];
  private readonly remove: string[] = [];
  readonly names: Record<string, string> = {};
  readonly values: Record<string, TypedValue> = {};
  private count = 0;

  name(segments: string[]): string {
    return segments
      .map((segment) => {
        const placeholder = `#expName_${++this.count}`;
        this.names[placeholder] = segment;
        return placeholder;
      })
      .join('.');
  }

  value(value: unknown): string {
    const placeholder = `:expValue_${++this.count}`;
    this.values[placeholder] = toDynamoDB(value);
    return placeholder;
  }

  /** Walks the update object: plain values SET, operations as they say, nested objects as paths. */
  add(update: Record<string, unknown>, path: string[]): void {
    for (const [attribute, change] of Object.entries(update)) {
      if (change === undefined) continue;
      const at = [...path, attribute];
      if (isOperation(change)) this.operation(at, change);
      // A nested object holding operations updates inside the map (#a.#b); any other value replaces the attribute.
      else if (isMap(change) && Object.values(change).some(isOperation)) this.add(change, at);
      else this.set.push(`${this.name(at)} = ${this.value(change)}`);
    }
  }

  private operation(path: string[], op: UpdateOperation): void {
    const name = this.name(path);
    switch (op.type) {
      case 'increment':
        this.set.push(`${name} = ${name} + ${this.value(op.value)}`);
        break;
      case 'decrement':
        this.set.push(`${name} = ${name} - ${this.value(op.value)}`);
        break;
      case 'append':
        this.set.push(`${name} = list_append(${name}, ${this.value(op.value)})`);
        break;
      case 'prepend':
        this.set.push(`${name} = list_append(${this.value(op.value)}, ${name})`);
        break;
      case 'add':
        this.set.push(`${name} = if_not_exists(${name}, ${this.value(op.value)})`);
        break;
      case 'remove':
        this.remove.push(name);
        break;
      case 'replace':
        this.set.push(`${name} = ${this.value(op.value)}`);
        break;
      case 'updateListItem':
        this.set.push(`${name}[${op.index}] = ${this.value(op.value)}`);
        break;
    }
  }

  expression(): string {
    const parts: string[] = [];
    if (this.set.length) parts.push(`SET ${this.set.join(', ')}`);
    if (this.remove.length) parts.push(`REMOVE ${this.remove.join(', ')}`);
    return parts.join(' ');
  }
}

function updateExpression(helper: string, update: unknown): DynamoDBExpression {
  const builder = new UpdateBuilder();
  builder.add(requireObject(helper, update, 'update'), []);
  const text = builder.expression();
  if (text === '') fail(helper, 'update changes nothing');
  return { expression: text, expressionNames: builder.names, expressionValues: builder.values };
}

// ---------------------------------------------------------------- key conditions

const KEY_OPERATORS: Record<string, string> = { eq: '=', lt: '<', le: '<=', gt: '>', ge: '>=' };

function keyCondition(helper: string, query: unknown): DynamoDBExpression {
  const conditions = requireObject(helper, query, 'query');
  const names: Record<string, string> = {};
  const values: Record<string, TypedValue> = {};
  const parts: string[] = [];
  for (const [attribute, condition] of Object.entries(conditions)) {
    if (condition === undefined) continue;
    const name = `#${attribute}`;
    names[name] = attribute;
    for (const [operator, value] of Object.entries(requireObject(helper, condition, `query.${attribute}`))) {
      if (value === undefined) continue;
      const placeholder = `:${attribute}_${operator}`;
      if (KEY_OPERATORS[operator]) {
        values[placeholder] = toDynamoDB(value);
        parts.push(`${name} ${KEY_OPERATORS[operator]} ${placeholder}`);
      } else if (operator === 'beginsWith') {
        values[placeholder] = toDynamoDB(value);
        parts.push(`begins_with(${name}, ${placeholder})`);
      } else if (operator === 'between') {
        if (!isList(value) || value.length !== 2) fail(helper, `query.${attribute}.between needs two values`);
        values[`${placeholder}_0`] = toDynamoDB((value as unknown[])[0]);
        values[`${placeholder}_1`] = toDynamoDB((value as unknown[])[1]);
        parts.push(`${name} BETWEEN ${placeholder}_0 AND ${placeholder}_1`);
      } else fail(helper, `unknown key condition operator ${JSON.stringify(operator)} on ${attribute}`);
    }
  }
  if (!parts.length) fail(helper, 'query needs a condition on the partition key');
  return { expression: parts.join(' AND '), expressionNames: names, expressionValues: values };
}

// ---------------------------------------------------------------- the helpers

const WRITE_OPTIONS = ['customPartitionKey', 'populateIndexFields', '_version'];
const LIST_OPTIONS = ['index', 'limit', 'nextToken', 'consistentRead', 'select', 'scanIndexForward'];

export function get(payload: unknown): Record<string, unknown> {
  const input = requireObject('get', payload, 'the input');
  const request: Record<string, unknown> = { operation: 'GetItem', key: key('get', input.key) };
  passThrough(request, input, ['consistentRead']);
  const projected = projection('get', input.projection);
  if (projected) request.projection = projected;
  return request;
}

export function put(payload: unknown): Record<string, unknown> {
  const input = requireObject('put', payload, 'the input');
  const request: Record<string, unknown> = {
    operation: 'PutItem',
    key: key('put', input.key),
    attributeValues: toMapValues(requireObject('put', input.item ?? {}, 'item')),
  };
  const condition = expression(input.condition, 'put condition');
  if (condition) request.condition = condition;
  passThrough(request, input, WRITE_OPTIONS);
  return request;
}

export function remove(payload: unknown): Record<string, unknown> {
  const input = requireObject('remove', payload, 'the input');
  const request: Record<string, unknown> = { operation: 'DeleteItem', key: key('remove', input.key) };
  const condition = expression(input.condition, 'remove condition');
  if (condition) request.condition = condition;
  passThrough(request, input, WRITE_OPTIONS);
  return request;
}

export function update(payload: unknown): Record<string, unknown> {
  const input = requireObject('update', payload, 'the input');
  const request: Record<string, unknown> = { operation: 'UpdateItem', key: key('update', input.key), update: updateExpression('update', input.update) };
  const condition = expression(input.condition, 'update condition');
  if (condition) request.condition = condition;
  passThrough(request, input, WRITE_OPTIONS);
  return request;
}

function listRequest(helper: string, operationName: string, input: Record<string, unknown>): Record<string, unknown> {
  const request: Record<string, unknown> = { operation: operationName };
  passThrough(request, input, LIST_OPTIONS);
  const filter = expression(input.filter, `${helper} filter`);
  if (filter) request.filter = filter;
  const projected = projection(helper, input.projection);
  if (projected) request.projection = projected;
  return request;
}

export function query(payload: unknown): Record<string, unknown> {
  const input = requireObject('query', payload, 'the input');
  const request = listRequest('query', 'Query', input);
  return { ...request, query: keyCondition('query', input.query) };
}

export function scan(payload: unknown): Record<string, unknown> {
  const input = requireObject('scan', payload ?? {}, 'the input');
  const request = listRequest('scan', 'Scan', input);
  passThrough(request, input, ['segment', 'totalSegments']);
  return request;
}

export function sync(payload: unknown): Record<string, unknown> {
  const input = requireObject('sync', payload ?? {}, 'the input');
  const request: Record<string, unknown> = { operation: 'Sync' };
  passThrough(request, input, ['basePartitionKey', 'deltaIndexName', 'limit', 'nextToken', 'lastSync']);
  const filter = expression(input.filter, 'sync filter');
  if (filter) request.filter = filter;
  return request;
}

function tables(helper: string, payload: unknown): Record<string, unknown> {
  return requireObject(helper, requireObject(helper, payload, 'the input').tables, 'tables');
}

export function batchGet(payload: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [table, spec] of Object.entries(tables('batchGet', payload))) {
    const entry = requireObject('batchGet', spec, `tables.${table}`);
    if (!isList(entry.keys)) fail('batchGet', `tables.${table}.keys must be a list`);
    const converted: Record<string, unknown> = { keys: (entry.keys as unknown[]).map((k) => key('batchGet', k)) };
    passThrough(converted, entry, ['consistentRead']);
    const projected = projection('batchGet', entry.projection);
    if (projected) converted.projection = projected;
    out[table] = converted;
  }
  return { operation: 'BatchGetItem', tables: out };
}

export function batchPut(payload: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [table, items] of Object.entries(tables('batchPut', payload))) {
    if (!isList(items)) fail('batchPut', `tables.${table} must be a list of items`);
    out[table] = (items as unknown[]).map((item) => toMapValues(item));
  }
  return { operation: 'BatchPutItem', tables: out };
}

export function batchDelete(payload: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [table, keys] of Object.entries(tables('batchDelete', payload))) {
    if (!isList(keys)) fail('batchDelete', `tables.${table} must be a list of keys`);
    out[table] = (keys as unknown[]).map((k) => key('batchDelete', k));
  }
  return { operation: 'BatchDeleteItem', tables: out };
}

export function transactGet(payload: unknown): Record<string, unknown> {
  const items = requireObject('transactGet', payload, 'the input').items;
  if (!isList(items)) fail('transactGet', 'items must be a list');
  return {
    operation: 'TransactGetItems',
    transactItems: (items as unknown[]).map((raw) => {
      const item = requireObject('transactGet', raw, 'each item');
      const out: Record<string, unknown> = { table: item.table, key: key('transactGet', item.key) };
      const projected = projection('transactGet', item.projection);
      if (projected) out.projection = projected;
      return out;
    }),
  };
}

export function transactWrite(payload: unknown): Record<string, unknown> {
  const items = requireObject('transactWrite', payload, 'the input').items;
  if (!isList(items)) fail('transactWrite', 'items must be a list');
  return {
    operation: 'TransactWriteItems',
    transactItems: (items as unknown[]).map((raw) => {
      const item = requireObject('transactWrite', raw, 'each item');
      const out: Record<string, unknown> = { table: item.table, operation: item.operation, key: key('transactWrite', item.key) };
      switch (item.operation) {
        case 'PutItem':
          out.attributeValues = toMapValues(requireObject('transactWrite', item.item ?? {}, 'item'));
          break;
        case 'UpdateItem':
          out.update = updateExpression('transactWrite', item.update);
          break;
        case 'DeleteItem':
        case 'ConditionCheck':
          break;
        default:
          fail('transactWrite', `unknown operation ${JSON.stringify(item.operation)} (PutItem, UpdateItem, DeleteItem or ConditionCheck)`);
      }
      const condition = expression(item.condition, 'transactWrite condition');
      if (condition) out.condition = { ...condition, ...(item.returnValuesOnConditionCheckFailure !== undefined ? { returnValuesOnConditionCheckFailure: item.returnValuesOnConditionCheckFailure } : {}) };
      else if (item.operation === 'ConditionCheck') fail('transactWrite', 'a ConditionCheck needs a condition');
      return out;
    }),
  };
}

/** The module's exports, as handlers import them. */
export const dynamodbModule = {
  get,
  put,
  remove,
  update,
  query,
  scan,
  sync,
  batchGet,
  batchPut,
  batchDelete,
  transactGet,
  transactWrite,
  operations,
};

