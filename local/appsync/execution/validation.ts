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
  type ValidationContext,
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

/** AppSync (graphql-java) stops collecting validation errors at 100; so does graphql-js, asked to. */
const MAX_VALIDATION_ERRORS = 100;

/**
 * Each rule with a context that tags the errors it reports with the rule, so one pass over
 * the document both validates and names the rule of every error. (Re-running the rules one
 * by one on an invalid document made hostile documents cost a pass per rule.)
 */
function taggedRules(tags: Map<GraphQLError, ValidationRule>): ValidationRule[] {
  return specifiedRules.map((rule) => (context: ValidationContext) => {
    const tagging: ValidationContext = Object.create(context);
    tagging.reportError = (error: GraphQLError) => {
      tags.set(error, rule);
      context.reportError(error);
    };
    return rule(tagging);
  });
}

/**
 * Validates a document with graphql-js's rules and words the errors as AppSync
 * (graphql-java) does: `Validation error of type FieldUndefined: Field 'x' in type
 * 'Query' is undefined @ 'x'`. One pass, stopping after 100 errors; linear in the
 * document, whatever it holds.
 */
export function validateForAppSync(schema: GraphQLSchema, document: DocumentNode): FormattedValidationError[] {
  const tags = new Map<GraphQLError, ValidationRule>();
  const errors = validate(schema, document, taggedRules(tags), undefined, { maxErrors: MAX_VALIDATION_ERRORS });
  if (errors.length === 0) return [];
  const paths = fieldPaths(schema, document);
  return errors.map((error, index) => {
    const rule = tags.get(error);
    // Past the 100th error graphql-js adds a notice that it stopped; it belongs to no rule.
    if (!rule && index === MAX_VALIDATION_ERRORS) return { path: null, locations: null, message: `Validation error: ${error.message}` };
    const node = error.nodes?.[0];
    const where = node ? paths.get(node) : undefined;
    const suffix = where ? ` @ '${where.path}'` : '';
    // Untagged otherwise: the overlapping-fields rule, the one rule that gives up on a document too costly to check.
    const type = rule ? (RULE_NAMES.get(rule) ?? rule.name.replace(/Rule$/, '')) : 'OverlappingFieldsCanBeMerged';
    const message = rule === FieldsOnCorrectTypeRule && node?.kind === 'Field'
      ? `Validation error of type FieldUndefined: Field '${node.name.value}' in type '${where?.parentType ?? '?'}' is undefined${suffix}`
      : `Validation error of type ${type}: ${error.message}${suffix}`;
    return { path: null, locations: locations(error), message };
  });
}
