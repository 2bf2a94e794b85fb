import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/**
 * The models of an Amplify data schema, found by the operations Amplify generates for each
 * `a.model()`: `get<T>`, `list<T>s`, index queries returning `Model<T>Connection`, and
 * `create/update/delete<T>` with their input types. Nothing here knows any app's models.
 */
export interface ModelInfo {
  name: string;
  type: GraphQLObjectType;
  get?: GraphQLField<unknown, unknown>;
  /** `list…` and the secondary-index queries, all returning the model's connection. */
  queries: GraphQLField<unknown, unknown>[];
  create?: GraphQLField<unknown, unknown>;
  update?: GraphQLField<unknown, unknown>;
  delete?: GraphQLField<unknown, unknown>;
  /** The fields a selection returns: scalars and enums (relations are not followed). */
  scalarFields: string[];
}

export function findModels(schema: GraphQLSchema): ModelInfo[] {
  const queryFields = Object.values(schema.getQueryType()?.getFields() ?? {});
  const mutationFields = schema.getMutationType()?.getFields() ?? {};
  const models: ModelInfo[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const connection = schema.getType(`Model${type.name}Connection`);
    if (!connection) continue;
    const get = queryFields.find((field) => field.name === `get${type.name}` && getNamedType(field.type) === type);
    const queries = queryFields.filter((field) => getNamedType(field.type) === connection);
    if (!get && queries.length === 0) continue;
    const scalarFields = Object.values(type.getFields())
      .filter((field) => {
        const named = getNamedType(field.type);
        return isScalarType(named) || isEnumType(named);
      })
      .map((field) => field.name);
    models.push({ name: type.name, type, get, queries, create: mutationFields[`create${type.name}`], update: mutationFields[`update${type.name}`], delete: mutationFields[`delete${type.name}`], scalarFields });
  }
  return models.sort((a, b) => a.name.localeCompare(b.name));
}

/** The input object type of an operation's `input` argument. */
export function inputTypeOf(field: GraphQLField<unknown, unknown> | undefined): GraphQLInputObjectType | undefined {
  const arg = field?.args.find((candidate) => candidate.name === 'input');
  const named = arg ? getNamedType(arg.type) : undefined;
  return named && isInputObjectType(named) ? named : undefined;
}

/** Only the members an input type accepts (what the editor offers to change). */
export function pickInput(item: Record<string, unknown>, input: GraphQLInputObjectType): Record<string, unknown> {
  const fields = input.getFields();
  return Object.fromEntries(Object.entries(item).filter(([name, value]) => name in fields && value !== undefined));
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2}(:\d{2})?)?$/;
const ISO_TIME = /^\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)?$/;

/** Checks a value against an AWS or GraphQL scalar as AppSync would parse it; a problem, or undefined. */
function scalarProblem(scalar: string, value: unknown): string | undefined {
  switch (scalar) {
    case 'String':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'ID':
      return typeof value === 'string' || Number.isInteger(value) ? undefined : 'must be a string or an integer';
    case 'Int':
      return Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31 ? undefined : 'must be a 32-bit integer';
    case 'AWSTimestamp':
      return Number.isInteger(value) ? undefined : 'must be an integer (seconds since the epoch)';
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'Boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'AWSDateTime':
      return typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'must be an ISO 8601 date and time with a zone, e.g. 2026-01-31T08:15:00.000Z';
    case 'AWSDate':
      return typeof value === 'string' && ISO_DATE.test(value) ? undefined : 'must be an ISO 8601 date, e.g. 2026-01-31';
    case 'AWSTime':
      return typeof value === 'string' && ISO_TIME.test(value) ? undefined : 'must be an ISO 8601 time, e.g. 08:15:00Z';
    case 'AWSEmail':
      return typeof value === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) ? undefined : 'must be an email address';
    case 'AWSURL':
      return typeof value === 'string' && URL.canParse(value) ? undefined : 'must be a URL with a scheme';
    case 'AWSPhone':
      return typeof value === 'string' && /^\+?[\d\s().-]{3,}$/.test(value) ? undefined : 'must be a phone number';
    case 'AWSIPAddress':
      return typeof value === 'string' && (/^(\d{1,3}\.){3}\d{1,3}(\/\d+)?$/.test(value) || value.includes(':')) ? undefined : 'must be an IPv4 or IPv6 address';
    case 'AWSJSON':
      if (typeof value !== 'string') return 'must be a string holding JSON (AWSJSON)';
      try {
        JSON.parse(value);
        return undefined;
      } catch {
        return 'must be a string holding valid JSON (AWSJSON)';
      }
    default:
      return undefined;
  }
}

/** Problems of `value` as an argument of `type`, each with its path (`input.severity: must be one of …`). */
export function inputProblems(value: unknown, type: GraphQLInputType, path: string): string[] {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) return [`${path} is required`];
    return inputProblems(value, type.ofType, path);
  }
  if (value === null || value === undefined) return [];
  if (isListType(type)) {
    if (!Array.isArray(value)) return inputProblems(value, type.ofType, path);
    return value.flatMap((item, index) => inputProblems(item, type.ofType, `${path}[${index}]`));
  }
  if (isEnumType(type)) {
    const names = type.getValues().map((entry) => entry.name);
    return names.includes(value as string) ? [] : [`${path} must be one of ${names.join(', ')}`];
  }
  if (isScalarType(type)) {
    const problem = scalarProblem(type.name, value);
    return problem ? [`${path} ${problem}`] : [];
  }
  if (typeof value !== 'object' || Array.isArray(value)) return [`${path} must be an object (${type.name})`];
  const fields = type.getFields();
  const problems = Object.keys(value).filter((name) => !(name in fields)).map((name) => `${path}.${name} is not a field of ${type.name}`);
  for (const field of Object.values(fields)) problems.push(...inputProblems((value as Record<string, unknown>)[field.name], field.type, `${path}.${field.name}`));
  return problems;
}

/** `a: T!, b: U` → the operation's variable definitions and the field's argument list. */
export function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, selection: string[], args: string[] = field.args.map((arg) => arg.name)): string {
  const used = field.args.filter((arg) => args.includes(arg.name));
  const definitions = used.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const call = used.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const returnsConnection = isObjectType(getNamedType(field.type)) && 'items' in (getNamedType(field.type) as GraphQLObjectType).getFields();
  const body = returnsConnection ? `items { ${selection.join(' ')} } nextToken` : selection.join(' ');
  return `${kind} ${field.name[0].toUpperCase()}${field.name.slice(1)}${definitions ? `(${definitions})` : ''} {\n  ${field.name}${call ? `(${call})` : ''} {\n    ${body}\n  }\n}`;
}
