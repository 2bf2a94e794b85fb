import {
  FieldsOnCorrectTypeRule,
  KnownArgumentNamesRule,
  KnownTypeNamesRule,
  ProvidedRequiredArgumentsRule,
  ScalarLeafsRule,
  specifiedRules,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';

/** A GraphQL error entry as AppSync formats validation errors (graphql-java's wording). */
export interface FormattedValidationError {
  path: null;
  locations: { line: number; column: number; sourceName: null }[] | null;
  message: string;
}

/** graphql-java's names for the validation rules AppSync reports. */
const RULE_NAMES = new Map<ValidationRule, string>([
  [FieldsOnCorrectTypeRule, 'FieldUndefined'],
  [KnownTypeNamesRule, 'UnknownType'],
  [KnownArgumentNamesRule, 'UnknownArgument'],
  [ProvidedRequiredArgumentsRule, 'MissingFieldArgument'],
  [ScalarLeafsRule, 'SubSelectionRequired'],
]);

/** `getIncident/foo`: the field path of each field node, as graphql-java puts after `@`. */
function fieldPaths(schema: GraphQLSchema, document: DocumentNode): Map<ASTNode, { path: string; parentType?: string }> {
  const paths = new Map<ASTNode, { path: string; parentType?: string }>();
  const stack: string[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(document, visitWithTypeInfo(typeInfo, {
    Field: {
      enter(node) {
        stack.push(node.name.value);
        paths.set(node, { path: stack.join('/'), parentType: typeInfo.getParentType()?.name });
      },
      leave() {
        stack.pop();
      },
    },
    FragmentDefinition: { enter() { stack.length = 0; } },
    OperationDefinition: { enter() { stack.length = 0; } },
  }));
  return paths;
}

function locations(error: GraphQLError): FormattedValidationError['locations'] {
  return error.locations?.map((l) => ({ line: l.line, column: l.column, sourceName: null })) ?? null;
}

/**
 * Validates a document with graphql-js's rules and words the errors as AppSync
 * (graphql-java) does: `Validation error of type FieldUndefined: Field 'x' in type
 * 'Query' is undefined @ 'x'`. Rules run together first; only an invalid document
 * is re-checked rule by rule to name the rule of each error.
 */
export function validateForAppSync(schema: GraphQLSchema, document: DocumentNode): FormattedValidationError[] {
  if (validate(schema, document).length === 0) return [];
  const paths = fieldPaths(schema, document);
  const out: FormattedValidationError[] = [];
  for (const rule of specifiedRules) {
    for (const error of validate(schema, document, [rule])) {
      const node = error.nodes?.[0];
      const where = node ? paths.get(node) : undefined;
      const suffix = where ? ` @ '${where.path}'` : '';
      const type = RULE_NAMES.get(rule) ?? rule.name.replace(/Rule$/, '');
      const message = rule === FieldsOnCorrectTypeRule && node?.kind === 'Field'
        ? `Validation error of type FieldUndefined: Field '${node.name.value}' in type '${where?.parentType ?? '?'}' is undefined${suffix}`
        : `Validation error of type ${type}: ${error.message}${suffix}`;
      out.push({ path: null, locations: locations(error), message });
    }
  }
  return out;
}
