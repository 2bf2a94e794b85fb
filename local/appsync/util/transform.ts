import { TemplateRuntimeError } from '../runtime/types';
import { toDynamoDB, type TypedValue } from './dynamodb';
import { toJson } from './json';
import { isList, isMap, isNullish, notImplemented, describe } from './values';

/**
 * `$util.transform`: Amplify-style filter objects (`{ title: { contains: "x" },
 * or: [...], not: {...} }`) to DynamoDB filter and condition expressions, and to
 * AppSync's enhanced subscription filters.
 */

export interface DynamoDBExpression {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, TypedValue>;
}

const COMPARATORS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

/**
 * A filter the transform cannot turn into an expression (an unknown operator, `between`
 * without two values…). AppSync's transform helpers do not fail the field for it: they
 * return null, and Amplify's generated templates answer that with their own
 * `$util.error("Unable to process the filter expression", "Unrecognized Filter")`.
 */
class UnprocessableFilter extends Error {}

class ExpressionBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, TypedValue> = {};

  constructor(private readonly utility: string) {}

  name(field: string): string {
    if (!/^[A-Za-z0-9_]+$/.test(field)) throw new UnprocessableFilter(`${this.utility}: ${JSON.stringify(field)} cannot be used as an attribute name placeholder`);
    const placeholder = `#${field}`;
    this.names[placeholder] = field;
    return placeholder;
  }

  value(placeholder: string, value: unknown): string {
    this.values[placeholder] = toDynamoDB(value);
    return placeholder;
  }

  /** A filter object: its fields and logical groups, ANDed. */
  filter(filter: unknown, prefix: string): string {
    if (!isMap(filter)) throw new UnprocessableFilter(`${this.utility}: a filter must be a Map, got ${describe(filter)}`);
    const clauses: string[] = [];
    for (const [key, condition] of Object.entries(filter)) {
      if (isNullish(condition)) continue;
      if (key === 'and' || key === 'or') {
        const items = isList(condition) ? condition : [condition];
        const parts = items.map((item, index) => this.filter(item, `${prefix}${key}_${index}_`)).filter((part) => part !== '');
        // A group of one is that one clause: DynamoDB refuses redundant parentheses.
        if (parts.length === 1) clauses.push(parts[0]);
        else if (parts.length) clauses.push(`(${parts.join(key === 'and' ? ' AND ' : ' OR ')})`);
      } else if (key === 'not') {
        const inner = this.filter(condition, `${prefix}not_`);
        if (inner !== '') clauses.push(`(NOT ${inner})`);
      } else {
        const field = this.field(key, condition, prefix);
        if (field !== '') clauses.push(field);
      }
    }
    return clauses.join(' AND ');
  }

  /** One field's conditions (`{ eq: 1, gt: 0 }`), ANDed and parenthesised. */
  private field(field: string, conditions: unknown, prefix: string): string {
    if (!isMap(conditions)) throw new UnprocessableFilter(`${this.utility}: the condition on ${field} must be a Map of operators, got ${describe(conditions)}`);
    const name = this.name(field);
    const base = `:${prefix}${field}`;
    const parts: string[] = [];
    for (const [operator, value] of Object.entries(conditions)) {
      if (value === undefined) continue;
      parts.push(this.operator(name, field, base, operator, value));
    }
    return parts.length ? `(${parts.join(' AND ')})` : '';
  }

  private operator(name: string, field: string, base: string, operator: string, value: unknown, subject = name): string {
    if (COMPARATORS[operator]) return `${subject} ${COMPARATORS[operator]} ${this.value(`${base}_${operator}`, value)}`;
    switch (operator) {
      case 'contains':
        return `contains(${subject}, ${this.value(`${base}_contains`, value)})`;
      case 'notContains':
        return `NOT contains(${subject}, ${this.value(`${base}_notContains`, value)})`;
      case 'beginsWith':
        return `begins_with(${subject}, ${this.value(`${base}_beginsWith`, value)})`;
      case 'between': {
        if (!isList(value) || value.length !== 2) throw new UnprocessableFilter(`${this.utility}: between on ${field} needs a list of two values, got ${describe(value)}`);
        return `${subject} BETWEEN ${this.value(`${base}_between_0`, value[0])} AND ${this.value(`${base}_between_1`, value[1])}`;
      }
      case 'in':
      case 'notIn': {
        if (!isList(value) || value.length === 0) throw new UnprocessableFilter(`${this.utility}: ${operator} on ${field} needs a non-empty list, got ${describe(value)}`);
        const list = `${subject} IN (${value.map((item, index) => this.value(`${base}_${operator}_${index}`, item)).join(', ')})`;
        return operator === 'in' ? list : `NOT ${list}`;
      }
      case 'attributeExists':
        return value === false ? `attribute_not_exists(${subject})` : `attribute_exists(${subject})`;
      case 'attributeType':
        return `attribute_type(${subject}, ${this.value(`${base}_attributeType`, value)})`;
      case 'size': {
        if (subject !== name) throw new UnprocessableFilter(`${this.utility}: size cannot be nested`);
        if (!isMap(value)) throw new UnprocessableFilter(`${this.utility}: size on ${field} needs a Map of operators, got ${describe(value)}`);
        const parts = Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .map(([op, v]) => this.operator(name, field, `${base}_size`, op, v, `size(${name})`));
        return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
      }
      default:
        throw new UnprocessableFilter(`${this.utility}: unknown operator ${JSON.stringify(operator)} on ${field}`);
    }
  }
}

function build(utility: string, filter: unknown): DynamoDBExpression {
  const builder = new ExpressionBuilder(utility);
  const expression = isNullish(filter) ? '' : builder.filter(filter, '');
  return { expression, expressionNames: builder.names, expressionValues: builder.values };
}

/** The expression's JSON text, or null for a filter the transform cannot process (as AppSync answers). */
function buildJson(utility: string, filter: unknown): string | null {
  try {
    return toJson(build(utility, filter));
  } catch (error) {
    if (error instanceof UnprocessableFilter) return null;
    throw error;
  }
}

/**
 * `toDynamoDBFilterExpression(filter)`: the JSON text of `{ expression,
 * expressionNames, expressionValues }` for a Query/Scan `filter`; null for a filter it
 * cannot process.
 * @example
 * toDynamoDBFilterExpression({ title: { contains: 'Hello' } })
 * // '{"expression":"(contains(#title, :title_contains))","expressionNames":{"#title":"title"},"expressionValues":{":title_contains":{"S":"Hello"}}}'
 */
export function toDynamoDBFilterExpression(filter: unknown): string | null {
  return buildJson('$util.transform.toDynamoDBFilterExpression', filter);
}

/**
 * `toDynamoDBConditionExpression(condition)`: the same shape for a write's
 * `condition` — values included (the Gen 1 simulator dropped them, so conditions
 * comparing values never worked there).
 */
export function toDynamoDBConditionExpression(condition: unknown): string | null {
  return buildJson('$util.transform.toDynamoDBConditionExpression', condition);
}

/**
 * The expression object itself (for the APPSYNC_JS dynamodb helpers, which have no null
 * answer: a filter they cannot process fails the handler, naming the problem).
 */
export function dynamoDBExpression(filter: unknown, utility = 'util.transform.toDynamoDBConditionExpression'): DynamoDBExpression {
  try {
    return build(utility, filter);
  } catch (error) {
    if (error instanceof UnprocessableFilter) throw new TemplateRuntimeError(error.message);
    throw error;
  }
}

// ---------------------------------------------------------------- subscription filters

export interface SubscriptionFilterCondition {
  fieldName: string;
  operator: string;
  value?: unknown;
}

export interface SubscriptionFilter {
  filterGroup: { filters: SubscriptionFilterCondition[] }[];
}

const SUBSCRIPTION_OPERATORS = new Set(['eq', 'ne', 'le', 'lt', 'ge', 'gt', 'contains', 'notContains', 'beginsWith', 'in', 'notIn', 'between', 'containsAny', 'attributeExists']);

/** A filter object as a disjunction of conjunctions (each becomes one filter group). */
function disjunction(filter: unknown, ignored: Set<string>): SubscriptionFilterCondition[][] {
  if (!isMap(filter)) throw new TemplateRuntimeError(`$util.transform.toSubscriptionFilter: a filter must be a Map, got ${describe(filter)}`);
  let groups: SubscriptionFilterCondition[][] = [[]];
  const and = (right: SubscriptionFilterCondition[][]) => {
    groups = groups.flatMap((left) => right.map((r) => [...left, ...r]));
  };
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined || isNullish(condition) || ignored.has(key)) continue;
    if (key === 'and') {
      for (const item of isList(condition) ? condition : [condition]) and(disjunction(item, ignored));
    } else if (key === 'or') {
      const items = isList(condition) ? condition : [condition];
      const union = items.flatMap((item) => disjunction(item, ignored));
      if (union.length) and(union);
    } else if (key === 'not') {
      throw new TemplateRuntimeError('$util.transform.toSubscriptionFilter: AppSync subscription filters have no "not"');
    } else {
      if (!isMap(condition)) throw new TemplateRuntimeError(`$util.transform.toSubscriptionFilter: the condition on ${key} must be a Map of operators, got ${describe(condition)}`);
      const filters: SubscriptionFilterCondition[] = [];
      for (const [operator, value] of Object.entries(condition)) {
        if (value === undefined) continue;
        if (!SUBSCRIPTION_OPERATORS.has(operator)) throw new TemplateRuntimeError(`$util.transform.toSubscriptionFilter: unknown operator ${JSON.stringify(operator)} on ${key}`);
        filters.push({ fieldName: key, operator, value });
      }
      and([filters]);
    }
  }
  return groups.filter((group) => group.length > 0);
}

/**
 * `toSubscriptionFilter(filter, ignoredFields?, rules?)`: the enhanced
 * subscription filter `{ filterGroup: [{ filters: [{ fieldName, operator, value }] }] }`
 * — OR between groups, AND within one. `rules` must hold as well.
 * @example
 * toSubscriptionFilter({ serviceId: { eq: 's1' } })
 * // { filterGroup: [{ filters: [{ fieldName: 'serviceId', operator: 'eq', value: 's1' }] }] }
 */
export function toSubscriptionFilter(filter: unknown, ignoredFields?: unknown, rules?: unknown): SubscriptionFilter {
  const ignored = new Set(isList(ignoredFields) ? ignoredFields.map(String) : []);
  const combined = isNullish(rules) ? filter : { and: [filter, rules] };
  return { filterGroup: disjunction(combined, ignored).map((filters) => ({ filters })) };
}

/** `toElasticsearchQueryDSL`: OpenSearch is not part of the local cloud. */
export function toElasticsearchQueryDSL(): never {
  throw notImplemented('$util.transform.toElasticsearchQueryDSL', 'the local cloud runs no OpenSearch data source');
}
