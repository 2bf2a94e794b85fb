import { MappingTemplateError } from '../../errors';

/**
 * Shared machinery of the DynamoDB resolver operations: typed values to plain
 * JSON, AppSync's expression objects to DynamoDB's parameters, and the opaque
 * nextToken AppSync hands clients.
 */
export type AttributeValue = Record<string, unknown>;
export type AttributeMap = Record<string, AttributeValue>;

/** A DynamoDB API call made with the data source's role. */
export type DynamoDBCall = (operation: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface OperationContext {
  tableName: string;
  call: DynamoDBCall;
  /** The request's version (`2017-02-28` / `2018-05-29`). */
  version: string;
}

/** Converts one typed attribute value to the JSON AppSync puts in `$ctx.result`. */
export function fromAttributeValue(value: AttributeValue): unknown {
  const [type, inner] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
    case 'B':
    case 'BOOL':
      return inner;
    case 'N':
      return Number(inner);
    case 'NULL':
      return null;
    case 'SS':
    case 'BS':
      return [...(inner as unknown[])];
    case 'NS':
      return (inner as string[]).map(Number);
    case 'L':
      return (inner as AttributeValue[]).map(fromAttributeValue);
    case 'M':
      return unmarshall(inner as AttributeMap);
    default:
      throw new MappingTemplateError(`Unknown DynamoDB attribute value ${JSON.stringify(value)}`);
  }
}

export function unmarshall(map: AttributeMap | undefined | null): Record<string, unknown> | null {
  if (!map) return null;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(map)) out[name] = fromAttributeValue(value);
  return out;
}

export interface Expression {
  expression?: string;
  expressionNames?: Record<string, string>;
  expressionValues?: AttributeMap;
}

function asExpression(value: unknown, what: string): Expression | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new MappingTemplateError(`${what} must be an object with an expression`);
  return value as Expression;
}

/**
 * Puts expressions into DynamoDB parameters: the expression under `key`, names and
 * values merged across every expression of the request (AppSync does the same), empty
 * maps left out because DynamoDB refuses them.
 */
export class ExpressionParameters {
  private names: Record<string, string> = {};
  private values: AttributeMap = {};
  readonly params: Record<string, unknown> = {};

  add(key: string, raw: unknown, what: string): Expression | undefined {
    const expression = asExpression(raw, what);
    if (!expression) return undefined;
    if (expression.expression !== undefined && expression.expression !== null && String(expression.expression).trim() !== '') {
      this.params[key] = expression.expression;
    }
    Object.assign(this.names, expression.expressionNames ?? {});
    Object.assign(this.values, expression.expressionValues ?? {});
    return expression;
  }

  /** The parameters plus the merged names and values. */
  build(): Record<string, unknown> {
    const out = { ...this.params };
    if (Object.keys(this.names).length) out.ExpressionAttributeNames = this.names;
    if (Object.keys(this.values).length) out.ExpressionAttributeValues = this.values;
    return out;
  }
}

const TOKEN_PREFIX = 'flare2.';

/**
 * AppSync hands out LastEvaluatedKey as an opaque token, good only for the table and
 * index that produced it (`scope`); this one is base64url JSON `{ s: scope, k: key }`.
 */
export function encodeNextToken(lastEvaluatedKey: AttributeMap | undefined, scope: string): string | null {
  if (!lastEvaluatedKey) return null;
  return TOKEN_PREFIX + Buffer.from(JSON.stringify({ s: scope, k: lastEvaluatedKey })).toString('base64url');
}

/**
 * A nextToken this API did not hand out (or handed out for another table or index). AppSync
 * answers it as the data source's error `DynamoDB:UserIllegalArgumentException` with its
 * pagination service's message.
 */
export class InvalidNextTokenError extends Error {
  readonly errorType = 'DynamoDB:UserIllegalArgumentException';

  constructor() {
    super('com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given.');
    this.name = 'InvalidNextTokenError';
  }
}

/** The ExclusiveStartKey a token stands for, if it was issued for `scope`. */
export function decodeNextToken(token: unknown, scope: string): AttributeMap | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  if (typeof token !== 'string' || !token.startsWith(TOKEN_PREFIX)) throw new InvalidNextTokenError();
  let decoded: { s?: unknown; k?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
  } catch {
    throw new InvalidNextTokenError();
  }
  const key = decoded?.k;
  if (decoded?.s !== scope || !key || typeof key !== 'object' || Array.isArray(key)) throw new InvalidNextTokenError();
  return key as AttributeMap;
}

/** The table and index a Query or Scan reads, which its nextTokens are bound to. */
export function tokenScope(ctx: OperationContext, index: unknown): string {
  return typeof index === 'string' ? `${ctx.tableName}/${index}` : ctx.tableName;
}

/** A key or item map from the request (typed values), checked to be an object. */
export function attributeMap(value: unknown, what: string): AttributeMap {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new MappingTemplateError(`${what} must be a map of DynamoDB typed values`);
  return value as AttributeMap;
}

/** `projection: { expression, expressionNames }` → ProjectionExpression. */
export function addProjection(params: ExpressionParameters, projection: unknown): void {
  params.add('ProjectionExpression', projection, 'projection');
}

export const compact = (input: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== null));
