import {
  buildASTSchema,
  isAbstractType,
  isScalarType,
  Kind,
  parse,
  type DocumentNode,
  type GraphQLScalarType,
  type GraphQLSchema,
} from 'graphql';
import { applyAwsScalars, AWS_SCALAR_NAMES } from './scalars';

/**
 * Declarations AppSync knows implicitly: the transformed schema asset uses them
 * without declaring them (FACTS.md), so they are added before parsing.
 */
const AWS_DIRECTIVES: Record<string, string> = {
  aws_api_key: 'directive @aws_api_key on OBJECT | FIELD_DEFINITION | INTERFACE',
  aws_iam: 'directive @aws_iam on OBJECT | FIELD_DEFINITION | INTERFACE',
  aws_oidc: 'directive @aws_oidc on OBJECT | FIELD_DEFINITION | INTERFACE',
  aws_lambda: 'directive @aws_lambda on OBJECT | FIELD_DEFINITION | INTERFACE',
  aws_cognito_user_pools: 'directive @aws_cognito_user_pools(cognito_groups: [String]) on OBJECT | FIELD_DEFINITION | INTERFACE',
  aws_auth: 'directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION',
  aws_subscribe: 'directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION',
  aws_publish: 'directive @aws_publish(subscriptions: [String]) on FIELD_DEFINITION',
};

export class SchemaError extends Error {
  readonly resolution = 'Check the GraphQL schema in amplify/data/resource.ts, then re-run `npm run synth`.';
  constructor(message: string) {
    super(message);
    this.name = 'SchemaError';
  }
}

function declaredNames(document: DocumentNode): { types: Set<string>; directives: Set<string> } {
  const types = new Set<string>();
  const directives = new Set<string>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.DIRECTIVE_DEFINITION) directives.add(definition.name.value);
    else if ('name' in definition && definition.name) types.add(definition.name.value);
  }
  return { types, directives };
}

/**
 * Builds the executable schema from an AppSync schema definition: adds the AWS
 * scalars and directives it leaves undeclared, gives the scalars AppSync's
 * validation, and resolves abstract types by `__typename` as AppSync does.
 * @example
 * const schema = buildAppSyncSchema('type Query { now: AWSDateTime }');
 */
export function buildAppSyncSchema(definition: string): GraphQLSchema {
  let document: DocumentNode;
  try {
    document = parse(definition);
  } catch (error) {
    throw new SchemaError(`The AppSync schema does not parse: ${(error as Error).message}`);
  }
  const declared = declaredNames(document);
  const additions = [
    ...AWS_SCALAR_NAMES.filter((name) => !declared.types.has(name)).map((name) => `scalar ${name}`),
    ...Object.entries(AWS_DIRECTIVES).filter(([name]) => !declared.directives.has(name)).map(([, sdl]) => sdl),
  ];
  let schema: GraphQLSchema;
  try {
    schema = buildASTSchema(additions.length ? parse(`${additions.join('\n')}\n${definition}`) : document);
  } catch (error) {
    throw new SchemaError(`The AppSync schema is not valid: ${(error as Error).message}`);
  }
  const typeMap = schema.getTypeMap();
  const scalars: Record<string, GraphQLScalarType | undefined> = {};
  for (const name of AWS_SCALAR_NAMES) {
    const type = typeMap[name];
    if (type && isScalarType(type)) scalars[name] = type;
  }
  applyAwsScalars(scalars);
  for (const type of Object.values(typeMap)) {
    // AppSync picks the concrete type of an interface/union value from its __typename.
    if (isAbstractType(type) && !type.resolveType) {
      type.resolveType = (value: unknown) => (value as { __typename?: string } | null)?.__typename ?? undefined;
    }
  }
  return schema;
}
